import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { nameProblem, type ProjectInfo, type ProviderInfo } from "../protocol";
import { linkClick, navigate, projectPath } from "../router";
import { relativeTime } from "../time";
import { GuidedNote, ProviderBadge } from "./Provider";
import { ProjectActions } from "./ProjectActions";
import { StatusBadge } from "./StatusBadge";

export function StartPage({ info }: { info: ProviderInfo | null }) {
  const [projects, setProjects] = useState<ProjectInfo[] | null>(null);
  const [loadError, setLoadError] = useState("");

  const load = () =>
    api.projects().then(
      (ps) => {
        setProjects(ps);
        setLoadError("");
      },
      (e: Error) => setLoadError(e.message),
    );

  useEffect(() => {
    document.title = "specwright";
    load();
    // Keep the states fresh when coming back to the tab.
    const onVisible = () => document.visibilityState === "visible" && load();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);

  return (
    <div class="page start">
      <header class="topbar">
        <a class="brand" href="/" onClick={linkClick} aria-label="specwright, projects">
          <Logo />
          specwright
        </a>
        <ProviderBadge info={info} />
      </header>
      <main class="start-main">
        <section class="hero">
          <h1 tabIndex={-1} data-autofocus-heading>
            Turn an app idea into a spec
          </h1>
          <p class="lede">
            A short interview about what you want to build. At the end, specwright writes <code>app_spec.txt</code> and{" "}
            <code>initializer_prompt.md</code>, checked and ready for a coding agent.
          </p>
        </section>
        <GuidedNote info={info} />
        <CreateForm existing={projects ?? []} />
        <section class="projects" aria-labelledby="projects-h">
          <h2 id="projects-h" tabIndex={-1}>
            Projects
          </h2>
          {loadError ? (
            <p class="alert alert-error" role="alert">
              Could not load the projects: {loadError}{" "}
              <button type="button" class="btn btn-small" onClick={load}>
                Try again
              </button>
            </p>
          ) : projects === null ? (
            <p class="muted">Loading…</p>
          ) : projects.length === 0 ? (
            <p class="muted empty">No projects yet. Name your first one above.</p>
          ) : (
            <ul class="project-list" data-testid="project-list">
              {projects.map((p) => (
                <li key={p.name} class="project-item">
                  <a class="project-card" href={projectPath(p.name)} onClick={linkClick} data-project={p.name}>
                    <span class="project-name">{p.name}</span>
                    <StatusBadge status={p.status} features={p.feature_count} />
                    <span class="project-time muted">
                      <time dateTime={p.updated_at} title={new Date(p.updated_at).toLocaleString()}>
                        {relativeTime(p.updated_at)}
                      </time>
                    </span>
                  </a>
                  <ProjectActions
                    project={p}
                    all={projects}
                    onDone={(focus) => {
                      load().then(() => {
                        const el = focus ? document.querySelector<HTMLElement>(`[data-project="${CSS.escape(focus)}"]`) : document.getElementById("projects-h");
                        el?.focus();
                      });
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}

function CreateForm({ existing }: { existing: ProjectInfo[] }) {
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const localProblem = (n: string): string | null => {
    const p = nameProblem(n);
    if (p) return p;
    const clash = existing.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (clash) return clash.name === n ? `A project named “${n}” already exists: open it from the list below.` : `“${n}” differs from the existing project “${clash.name}” only by case; choose another name.`;
    return null;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    const trimmed = name.trim();
    const problem = localProblem(trimmed);
    if (problem) {
      setError(problem);
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError("");
    try {
      const p = await api.createProject(trimmed);
      navigate(projectPath(p.name), { fresh: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const onInput = (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    setName(v);
    if (touched || v.length > 0) setError(v === "" ? "" : (localProblem(v.trim()) ?? ""));
  };

  return (
    <section class="create card" aria-labelledby="create-h">
      <h2 id="create-h">New project</h2>
      <form onSubmit={submit} noValidate>
        <label for="project-name">Project name</label>
        <div class="create-row">
          <input
            id="project-name"
            ref={input}
            name="name"
            type="text"
            value={name}
            onInput={onInput}
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            maxLength={50}
            placeholder="e.g. recipe-box"
            aria-describedby="project-name-hint project-name-error"
            aria-invalid={error ? "true" : "false"}
          />
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? "Creating…" : "Create and start"}
          </button>
        </div>
        <p id="project-name-hint" class="hint">
          Letters, digits, <code>-</code> and <code>_</code>; up to 50 characters. It names the project's folder.
        </p>
        <p id="project-name-error" class="field-error" role="alert" data-testid="create-error">
          {error}
        </p>
      </form>
    </section>
  );
}

export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path
        d="M9 22.5c1.6 1.2 3.6 1.8 5.6 1.8 3.3 0 5.4-1.6 5.4-4.1 0-2.2-1.5-3.3-4.6-4.2l-1.3-.4c-1.8-.5-2.5-1-2.5-1.9 0-1 1-1.7 2.6-1.7 1.5 0 2.9.5 4.1 1.4l1.3-2.3c-1.4-1-3.3-1.6-5.3-1.6-3.2 0-5.4 1.7-5.4 4.2 0 2.1 1.4 3.3 4.4 4.1l1.3.4c1.9.5 2.7 1.1 2.7 2 0 1.1-1.1 1.8-2.8 1.8-1.8 0-3.5-.6-4.9-1.7z"
        fill="var(--logo-ink)"
      />
    </svg>
  );
}
