// The REST routes the page uses. Errors carry the server's own words
// ({"detail": …}), which are written for people.

import type { ProjectInfo, Provenance, ProviderInfo, SessionInfo, SpecFiles, SpecReport, Transcript, Version, VersionDiff } from "./protocol";

/** TOKEN_HELP is what a page without the server's access token is told. */
export const TOKEN_HELP =
  "This specwright asks for its access token. Open the link it printed when it started, the one that ends in ?token=…";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let resp: Response;
  try {
    resp = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "specwright is not reachable. Is `specwright serve` still running?");
  }
  let data: unknown = null;
  try {
    data = await resp.json();
  } catch {
    // not JSON: fall through with the status
  }
  if (!resp.ok) {
    const detail = data && typeof data === "object" && "detail" in data ? String((data as { detail: unknown }).detail) : "";
    if (resp.status === 401) throw new ApiError(401, TOKEN_HELP);
    throw new ApiError(resp.status, detail || `The server answered ${resp.status}`);
  }
  return data as T;
}

export const api = {
  info: () => request<ProviderInfo>("GET", "/api/info"),
  projects: () => request<ProjectInfo[]>("GET", "/api/projects"),
  createProject: (name: string) => request<{ name: string; created_at: string }>("POST", "/api/projects", { name }),
  spec: (name: string) => request<SpecFiles>("GET", `/api/projects/${encodeURIComponent(name)}/spec`),
  versions: (name: string) => request<Version[]>("GET", `${project(name)}/versions`),
  version: (name: string, n: number) =>
    request<Version & { app_spec: string; initializer_prompt: string; report: SpecReport }>("GET", `${project(name)}/versions/${n}`),
  diff: (name: string, from: number, to?: number) =>
    request<VersionDiff>("GET", `${project(name)}/diff?from=${from}${to ? `&to=${to}` : ""}`),
  provenance: (name: string) => request<Provenance>("GET", `${project(name)}/provenance`),
  restore: (name: string, n: number) => request<Version>("POST", `${project(name)}/versions/${n}/restore`, {}),
  sessions: (name: string) => request<SessionInfo[]>("GET", `${project(name)}/sessions`),
  session: (name: string, id: number) => request<Transcript>("GET", `${project(name)}/sessions/${id}`),
  renameProject: (name: string, to: string) => request<{ name: string }>("PATCH", project(name), { name: to }),
  deleteProject: (name: string) => request<{ success: boolean }>("DELETE", project(name)),
};

function project(name: string): string {
  return `/api/projects/${encodeURIComponent(name)}`;
}

/** socketURL returns the v2 WebSocket address of a project on this page's host. */
export function socketURL(project: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/spec/ws/${encodeURIComponent(project)}?v=2`;
}
