import { useEffect, useState } from "preact/hooks";
import { api, ApiError, TOKEN_HELP } from "./api";
import type { ProviderInfo } from "./protocol";
import { linkClick, useRoute } from "./router";
import { ArchivedSession } from "./views/ArchivedSession";
import { Interview } from "./views/Interview";
import { StartPage } from "./views/StartPage";

export function App() {
  const route = useRoute();
  const [info, setInfo] = useState<ProviderInfo | null>(null);
  const [locked, setLocked] = useState(false);

  useEffect(() => {
    api.info().then(setInfo, (e) => {
      setInfo(null);
      setLocked(e instanceof ApiError && e.status === 401);
    });
  }, []);

  if (locked) {
    return (
      <main class="page missing">
        <h1 tabIndex={-1} data-autofocus-heading>
          Access token needed
        </h1>
        <p class="alert alert-error" role="alert" data-testid="token-needed">
          {TOKEN_HELP}
        </p>
      </main>
    );
  }

  // Move focus to the new screen's heading, so keyboard and screen
  // reader users start at the top of what changed.
  useEffect(() => {
    const h = document.querySelector<HTMLElement>("[data-autofocus-heading]");
    h?.focus({ preventScroll: true });
  }, [route.page, route.page === "project" ? route.name : ""]);

  switch (route.page) {
    case "home":
      return <StartPage info={info} />;
    case "project":
      return <Interview key={route.name} name={route.name} fresh={route.fresh} info={info} />;
    case "session":
      return <ArchivedSession key={`${route.name}/${route.id}`} name={route.name} id={route.id} />;
    case "missing":
      return (
        <main class="page missing">
          <h1 tabIndex={-1} data-autofocus-heading>
            Nothing here
          </h1>
          <p>
            This address is not a page of specwright.{" "}
            <a href="/" onClick={linkClick}>
              Go to the projects
            </a>
            .
          </p>
        </main>
      );
  }
}
