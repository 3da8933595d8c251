// One project's interview: the conversation, the input box, and the spec
// once it exists. The state lives in conversation.ts and is redrawn from
// the server on every (re)connect.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { api, socketURL } from "../api";
import { isDocument, toAttachment, type Picked } from "../attachments";
import { Connection, type ConnState } from "../connection";
import { apply, busy as isBusy, flattenAnswers, initialState, openQuestion, resumePoint, type Action, type Item, type State } from "../conversation";
import { Markdown } from "../markdown/Markdown";
import type { Answers, ProviderInfo } from "../protocol";
import { linkClick } from "../router";
import { Composer } from "./Composer";
import { ConfirmDialog } from "./ConfirmDialog";
import { ConnectionPill } from "./ConnectionPill";
import { GuidedNote, ProviderBadge } from "./Provider";
import { AnsweredQuestion, QuestionCard } from "./QuestionCard";
import { SpecPanel } from "./SpecPanel";
import { Logo } from "./StartPage";

// How long the page waits for any sign of the reply before it says so
// and ends the typing indicator. ?stall=SECONDS overrides it (tests).
const STALL_MS = (() => {
  const v = Number(new URLSearchParams(location.search).get("stall"));
  return Number.isFinite(v) && v >= 1 && v <= 600 ? v * 1000 : 90_000;
})();

function useStore(): [State, (a: Action) => void, { current: State }] {
  // The state is kept in a ref as well, so that the connection's
  // callbacks always read the newest one.
  const ref = useRef<State>(initialState);
  const [, render] = useState(0);
  const dispatch = useRef((a: Action) => {
    ref.current = apply(ref.current, a);
    render((n) => n + 1);
  }).current;
  return [ref.current, dispatch, ref];
}

function useNarrow(): boolean {
  const query = "(max-width: 1099px)";
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener("change", on);
    return () => m.removeEventListener("change", on);
  }, []);
  return narrow;
}

export function Interview({ name, fresh, info }: { name: string; fresh: boolean; info: ProviderInfo | null }) {
  const [state, dispatch, stateRef] = useStore();
  const [conn, setConn] = useState<ConnState>({ phase: "connecting", attempt: 0 });
  const connection = useRef<Connection | null>(null);
  const [lastEvent, setLastEvent] = useState(() => Date.now());
  const [stalled, setStalled] = useState(false);
  const [hasSpec, setHasSpec] = useState(false);
  const [view, setView] = useState<"chat" | "spec">("chat");
  const [confirming, setConfirming] = useState(false);
  const narrow = useNarrow();
  const autoStart = useRef(fresh);

  const touch = () => {
    setLastEvent(Date.now());
    setStalled(false);
  };

  useEffect(() => {
    document.title = `${name} · specwright`;
    const c = new Connection({
      url: socketURL(name),
      resumePoint: () => resumePoint(stateRef.current),
      onReplay: (events, resumed) => {
        dispatch({ type: "replay", events, resumed });
        touch();
      },
      onEvent: (event) => {
        dispatch({ type: "event", event });
        touch();
      },
      onState: setConn,
    });
    connection.current = c;
    c.start();
    const online = () => c.retryNow();
    const visible = () => document.visibilityState === "visible" && c.retryNow();
    window.addEventListener("online", online);
    document.addEventListener("visibilitychange", visible);
    return () => {
      window.removeEventListener("online", online);
      document.removeEventListener("visibilitychange", visible);
      c.stop();
    };
  }, [name]);

  // Another tab started over, or our start was refused: redraw from scratch.
  useEffect(() => {
    if (state.resync > 0) {
      dispatch({ type: "reset" });
      connection.current?.resync();
    }
  }, [state.resync]);

  const busy = isBusy(state);
  const question = openQuestion(state);
  const noSession = state.known && state.sessionId === null && state.items.length === 0 && !state.startPending && !state.running;
  const ready = conn.phase === "open";

  // A project just created starts its interview at once.
  useEffect(() => {
    if (autoStart.current && ready && noSession) {
      autoStart.current = false;
      history.replaceState(null, "", location.pathname);
      start();
    }
  }, [ready, noSession]);

  // The typing indicator always ends: on the reply's end, an error, a
  // question, or after STALL_MS without a sign of life, with a message.
  useEffect(() => {
    if (!busy || stalled) return;
    const t = setTimeout(() => setStalled(true), Math.max(0, lastEvent + STALL_MS - Date.now()));
    return () => clearTimeout(t);
  }, [busy, stalled, lastEvent]);

  const start = () => {
    const c = connection.current;
    if (c?.send({ type: "start" })) {
      dispatch({ type: "sent-start" });
      touch();
      setHasSpec(false);
    }
  };

  const sendMessage = (text: string, files: Picked[]): boolean => {
    const c = connection.current;
    if (!c?.ready || isBusy(stateRef.current)) return false;
    if (files.length === 0) {
      if (!c.send({ type: "message", content: text })) return false;
      dispatch({ type: "sent-message", text, attachments: [], previews: [] });
      touch();
      return true;
    }
    Promise.all(files.map((f) => toAttachment(f.file))).then(
      (attachments) => {
        if (c.send({ type: "message", content: text, attachments })) {
          dispatch({ type: "sent-message", text, attachments, previews: files.map((f) => f.preview) });
          touch();
        } else {
          dispatch({ type: "notice", text: "The message was not sent: the connection dropped. Try again once reconnected." });
        }
      },
      (e: Error) => dispatch({ type: "notice", text: e.message }),
    );
    return true;
  };

  const sendAnswer = (answers: Answers, toolId: string | null) => {
    const c = connection.current;
    if (c?.send({ type: "answer", answers, tool_id: toolId })) {
      dispatch({ type: "sent-answer", text: flattenAnswers(answers) });
      touch();
    }
  };

  const stop = () => {
    connection.current?.send({ type: "interrupt" });
  };

  const why = !ready ? (conn.phase === "failed" ? "Not connected" : "Reconnecting…") : busy ? "The interviewer is replying" : "";
  const showSpec = hasSpec || state.complete;
  const specVisible = showSpec && (!narrow || view === "spec");
  const chatVisible = !narrow || view === "chat" || !showSpec;

  return (
    <div
      class={`page interview ${showSpec && !narrow ? "with-spec" : ""}`}
      data-busy={busy ? "true" : "false"}
      data-complete={state.complete ? "true" : "false"}
      data-conn={conn.phase}
      data-seq={state.lastSeq}
    >
      <header class="topbar topbar-interview">
        <a class="brand brand-small" href="/" onClick={linkClick} aria-label="specwright: all projects">
          <Logo />
          <span class="brand-text">specwright</span>
        </a>
        <div class="title-block">
          <h1 tabIndex={-1} data-autofocus-heading class="project-title">
            <span class="sr-only">Project </span>
            {name}
          </h1>
          <ConnectionPill state={conn} onRetry={() => connection.current?.retryNow()} />
          <span class="provider-inline">
            <ProviderBadge info={info} />
          </span>
        </div>
        <div class="bar-actions">
          <span class="provider-wide">
            <ProviderBadge info={info} />
          </span>
          <button
            type="button"
            class="btn btn-small"
            onClick={() => setConfirming(true)}
            disabled={!ready || busy || noSession}
            title={busy ? "Stop the current reply first" : "Begin a new interview for this project"}
            data-testid="start-over"
          >
            Start over
          </button>
        </div>
      </header>

      {narrow && showSpec ? (
        <nav class="switcher" aria-label="Show">
          <button type="button" class={`seg ${view === "chat" ? "seg-on" : ""}`} aria-pressed={view === "chat"} onClick={() => setView("chat")}>
            Interview
          </button>
          <button type="button" class={`seg ${view === "spec" ? "seg-on" : ""}`} aria-pressed={view === "spec"} onClick={() => setView("spec")} data-testid="show-spec">
            Spec
          </button>
        </nav>
      ) : null}

      <div class="panes">
        <section class="chat" aria-label="Interview" hidden={!chatVisible}>
          <Log
            state={state}
            info={info}
            busy={busy && !stalled}
            stalled={busy && stalled}
            noSession={noSession}
            ready={ready}
            onStart={start}
            onAnswer={sendAnswer}
            onStop={stop}
            onKeepWaiting={touch}
            onShowSpec={() => {
              setView("spec");
              setTimeout(() => document.getElementById("spec-h")?.focus(), 0);
            }}
          />
          {noSession ? null : (
            <Composer
              canSend={ready && !busy}
              why={why}
              busy={busy}
              placeholder={
                question
                  ? "Pick an option above, or answer in your own words…"
                  : state.complete
                    ? "Ask for a change to the spec…"
                    : "Type your reply…"
              }
              restore={state.restore}
              onSend={sendMessage}
              onStop={stop}
            />
          )}
        </section>
        {showSpec ? (
          <aside class="spec-pane" aria-labelledby="spec-h" hidden={!specVisible}>
            <h2 id="spec-h" tabIndex={-1} class="pane-title">
              The spec
            </h2>
            <SpecPanel name={name} version={state.specVersion} onHasSpec={setHasSpec} />
          </aside>
        ) : (
          <SpecProbe name={name} version={state.specVersion} onHasSpec={setHasSpec} />
        )}
      </div>

      <ConfirmDialog
        open={confirming}
        title="Start a new interview?"
        confirm="Start over"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          start();
        }}
      >
        <p>
          This begins a new interview for <strong>{name}</strong>. The current one is kept on the server, not deleted, but
          this page will show only the new one.
        </p>
        <p>The spec files already written stay in the project folder until the new interview writes new ones.</p>
      </ConfirmDialog>
    </div>
  );
}

// SpecProbe asks whether spec files exist, without showing them, so the
// spec pane appears for a project whose files were written earlier.
function SpecProbe({ name, version, onHasSpec }: { name: string; version: number; onHasSpec: (b: boolean) => void }) {
  useEffect(() => {
    let live = true;
    api.spec(name).then(
      (f) => live && onHasSpec(f.app_spec !== null || f.initializer_prompt !== null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [name, version]);
  return null;
}

interface LogProps {
  state: State;
  info: ProviderInfo | null;
  busy: boolean;
  stalled: boolean;
  noSession: boolean;
  ready: boolean;
  onStart: () => void;
  onAnswer: (a: Answers, toolId: string | null) => void;
  onStop: () => void;
  onKeepWaiting: () => void;
  onShowSpec: () => void;
}

function Log({ state, info, busy, stalled, noSession, ready, onStart, onAnswer, onStop, onKeepWaiting, onShowSpec }: LogProps) {
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [away, setAway] = useState(false);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    stick.current = near;
    setAway(!near);
  };

  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  const toBottom = () => {
    const el = box.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
    stick.current = true;
    setAway(false);
  };

  const lastQuestion = openQuestion(state);
  const firstComplete = state.items.find((it) => it.kind === "complete")?.key;

  return (
    <div class="log-wrap">
      <div class="log" ref={box} onScroll={onScroll} role="log" aria-label="Conversation" data-testid="log">
        <div class="log-inner">
          <GuidedNote info={info} compact />
          {!state.known ? <p class="muted center">Loading the interview…</p> : null}
          {noSession ? (
            <div class="welcome card" data-testid="welcome">
              <h2>Ready when you are</h2>
              <p>
                The interviewer asks about your idea, who uses it, the technology, the features and how you will know it is
                done. It takes a few minutes; you can leave and come back at any time.
              </p>
              <button type="button" class="btn btn-primary" onClick={onStart} disabled={!ready} data-testid="start">
                Start the interview
              </button>
            </div>
          ) : null}
          {state.items.map((it) => (
            <ItemView
              key={it.key}
              item={it}
              open={lastQuestion?.key === it.key}
              again={it.kind === "complete" && it.key !== firstComplete}
              onAnswer={onAnswer}
              onShowSpec={onShowSpec}
            />
          ))}
          {busy ? (
            <div class="typing" role="status" data-testid="typing">
              <span class="dots" aria-hidden="true">
                <span />
                <span />
                <span />
              </span>
              <span class="typing-text">The interviewer is writing…</span>
            </div>
          ) : null}
          {stalled ? (
            <div class="note note-warning stalled" role="alert" data-testid="stalled">
              <p>
                No reply for {Math.round(STALL_MS / 1000)} seconds. The interviewer may still be working, or the reply got
                stuck.
              </p>
              <div class="row">
                <button type="button" class="btn btn-small" onClick={onKeepWaiting}>
                  Keep waiting
                </button>
                <button type="button" class="btn btn-small btn-danger" onClick={onStop}>
                  Stop this reply
                </button>
              </div>
            </div>
          ) : null}
        </div>
      </div>
      {away ? (
        <button type="button" class="jump btn btn-small" onClick={toBottom}>
          ↓ Latest
        </button>
      ) : null}
    </div>
  );
}

function ItemView({
  item,
  open,
  again,
  onAnswer,
  onShowSpec,
}: {
  item: Item;
  open: boolean;
  again: boolean;
  onAnswer: (a: Answers, toolId: string | null) => void;
  onShowSpec: () => void;
}) {
  switch (item.kind) {
    case "assistant":
      return (
        <article class="msg msg-assistant" aria-busy={item.open ? "true" : undefined} data-testid="assistant">
          <span class="sr-only">Interviewer: </span>
          <Markdown text={item.text} />
        </article>
      );
    case "user":
      return (
        <article class={`msg msg-user ${item.pending ? "msg-pending" : ""}`} data-testid="user">
          <span class="sr-only">You{item.answer ? " answered" : ""}: </span>
          {item.text ? <p class="user-text">{item.text}</p> : null}
          {item.attachments.length > 0 ? (
            <ul class="msg-images" aria-label="Attached files">
              {item.attachments.map((n, i) =>
                item.previews?.[i] ? (
                  <li key={i}>
                    <img src={item.previews[i]} alt={n} />
                  </li>
                ) : (
                  <li key={i} class="chip">
                    <span aria-hidden="true">{isDocument({ name: n }) ? "📄" : "🖼"}</span> {n}
                  </li>
                ),
              )}
            </ul>
          ) : null}
          {item.pending ? <span class="msg-status">Sending…</span> : null}
        </article>
      );
    case "question":
      return open ? (
        <QuestionCard id={item.key} questions={item.questions} disabled={false} onAnswer={(a) => onAnswer(a, item.toolId)} />
      ) : (
        <AnsweredQuestion questions={item.questions} closed={item.state === "closed"} />
      );
    case "file":
      return (
        <p class="event event-file" data-testid="file-written">
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M7 3.5h6.5L18 8v12.5H7z M13.5 3.5V8H18" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
          </svg>
          Wrote <code>{item.path}</code>
        </p>
      );
    case "validation":
      return (
        <div class="note note-warning" data-testid="validation">
          <p>
            <strong>Check of the spec files:</strong> {item.content}
          </p>
          {item.problems.length > 0 ? (
            <ul class="problems-inline">
              {item.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      );
    case "error":
      return (
        <div class="note note-error" role="alert" data-testid="error">
          <p>{item.content}</p>
        </div>
      );
    case "notice":
      return (
        <p class="event event-notice" data-testid="notice">
          {item.text}
        </p>
      );
    case "complete":
      return (
        <div class="note note-success complete-card" data-testid="complete">
          {again ? (
            <p>
              <strong>The spec is updated</strong> and passes the checks again.
            </p>
          ) : (
            <p>
              <strong>The spec is complete</strong> and passes the checks. Ask for changes below if you like; every change is
              checked again.
            </p>
          )}
          <button type="button" class="btn btn-small btn-primary show-spec-btn" onClick={onShowSpec}>
            Show the spec
          </button>
        </div>
      );
  }
}
