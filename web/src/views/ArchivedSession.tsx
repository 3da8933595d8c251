// An earlier interview of a project, read-only: its stored transcript
// drawn as the live page draws a replay, without an input box. A
// "#seq-N" in the address scrolls to that message (a feature's link to
// the moment it came from).

import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { apply, initialState, type State } from "../conversation";
import type { Transcript } from "../protocol";
import { linkClick, projectPath } from "../router";
import { flashMessage, ItemView } from "./Interview";
import { Logo } from "./StartPage";

/** transcriptState draws a stored transcript as the page's state. */
export function transcriptState(t: Transcript): State {
  const last = t.events.reduce((m, e) => Math.max(m, e.seq ?? 0), 0);
  return apply(initialState, { type: "replay", events: t.events, resumed: { type: "resumed", session_id: t.session_id, last_seq: last, running: false } });
}

export function ArchivedSession({ name, id }: { name: string; id: number }) {
  const [state, setState] = useState<State | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    document.title = `${name} · interview ${id} · specwright`;
    api.session(name, id).then(
      (t) => {
        setState(transcriptState(t));
        setStatus(t.status);
      },
      (e: Error) => setError(e.message),
    );
  }, [name, id]);

  useEffect(() => {
    const m = /^#seq-(\d+)$/.exec(location.hash);
    if (state && m) flashMessage(Number(m[1]));
  }, [state]);

  return (
    <div class="page interview archived" data-testid="archived">
      <header class="topbar topbar-interview">
        <a class="brand brand-small" href="/" onClick={linkClick} aria-label="specwright: all projects">
          <Logo />
          <span class="brand-text">specwright</span>
        </a>
        <div class="title-block">
          <h1 tabIndex={-1} data-autofocus-heading class="project-title">
            {name} <span class="muted">· interview {id}</span>
          </h1>
          {status ? <span class="badge badge-tiny">{status === "active" ? "current" : status}</span> : null}
        </div>
        <div class="bar-actions">
          <a class="btn btn-small" href={projectPath(name)} onClick={linkClick}>
            Back to the project
          </a>
        </div>
      </header>
      <div class="panes">
        <section class="chat" aria-label="Interview (read-only)">
          <p class="note readonly-note">This is an earlier interview of {name}, kept for the record. It can be read, not continued.</p>
          {error ? (
            <p class="alert alert-error" role="alert">
              {error}
            </p>
          ) : null}
          <div class="log-wrap">
            <div class="log" role="log" aria-label="Conversation" data-testid="log">
              <div class="log-inner">
                {!state && !error ? <p class="muted center">Loading the interview…</p> : null}
                {state?.items.map((it) => (
                  <ItemView key={it.key} item={it} open={false} again={false} onAnswer={() => undefined} onShowSpec={() => undefined} actions={{ readOnly: true }} />
                ))}
              </div>
            </div>
          </div>
        </section>
      </div>
    </div>
  );
}
