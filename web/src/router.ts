// Two screens, two kinds of address: "/" lists the projects and
// "/p/{name}" is one project's interview. The Go handler answers every
// such path with index.html, so a reload or a shared link lands here.

import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "home" }
  | { page: "project"; name: string; fresh: boolean }
  | { page: "session"; name: string; id: number }
  | { page: "missing" };

export function parseRoute(path: string, state: unknown = null): Route {
  if (path === "/" || path === "") return { page: "home" };
  const ses = /^\/p\/([^/]+)\/s\/([1-9][0-9]{0,15})\/?$/.exec(path);
  if (ses) {
    try {
      return { page: "session", name: decodeURIComponent(ses[1]), id: Number(ses[2]) };
    } catch {
      return { page: "missing" };
    }
  }
  const m = /^\/p\/([^/]+)\/?$/.exec(path);
  if (m) {
    let name = m[1];
    try {
      name = decodeURIComponent(name);
    } catch {
      return { page: "missing" };
    }
    const fresh = !!(state && typeof state === "object" && (state as { fresh?: boolean }).fresh);
    return { page: "project", name, fresh };
  }
  return { page: "missing" };
}

export function projectPath(name: string): string {
  return `/p/${encodeURIComponent(name)}`;
}

const listeners = new Set<() => void>();

/** navigate goes to a path of the page without reloading it. */
export function navigate(path: string, state: object | null = null, replace = false): void {
  if (replace) history.replaceState(state, "", path);
  else history.pushState(state, "", path);
  listeners.forEach((l) => l());
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, history.state));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, history.state));
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return route;
}

/** linkClick makes a plain <a href> navigate inside the page, keeping middle and modified clicks. */
export function linkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.currentTarget as HTMLAnchorElement;
  if (a.target && a.target !== "_self") return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
