// One project's interview: the conversation, the input box, and the spec
// once it exists. The state lives in conversation.ts and is redrawn from
// the server on every (re)connect.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { api, socketURL } from "../api";
import { isDocument, toAttachment, type Picked } from "../attachments";
import { Connection, type ConnState } from "../connection";
import { apply, busy as isBusy, flattenAnswers, initialState, openQuestion, resumePoint, type Action, type Item, type State } from "../conversation";
import { Markdown } from "../markdown/Markdown";
import { nameProblem, type Answers, type Origin, type ProviderInfo } from "../protocol";
import { linkClick, navigate, projectPath } from "../router";
import { Composer } from "./Composer";
import { ConfirmDialog } from "./ConfirmDialog";
import { ConnectionPill } from "./ConnectionPill";
import { CopyButton } from "./CopyButton";
import { GuidedNote, ProviderBadge } from "./Provider";
import { collapsible } from "../paste";
import { AnsweredQuestion, draftKey, QuestionCard } from "./QuestionCard";
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

/** focusComposer puts the keyboard in the input box once it is drawn. */
function focusComposer() {
  setTimeout(() => document.getElementById("composer-text")?.focus(), 0);
}

function useNarrow(query = "(max-width: 1099px)"): boolean {
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
  const exists = useProject(name, fresh);
  const [conn, setConn] = useState<ConnState>({ phase: "connecting", attempt: 0 });
  const connection = useRef<Connection | null>(null);
  const [lastEvent, setLastEvent] = useState(() => Date.now());
  const [stalled, setStalled] = useState(false);
  const [hasSpec, setHasSpec] = useState(false);
  const [view, setView] = useState<"chat" | "spec">("chat");
  const [confirming, setConfirming] = useState(false);
  const narrow = useNarrow();
  const phone = useNarrow("(max-width: 640px)");
  const autoStart = useRef(fresh);
  const startedOver = useRef(false);

  const touch = () => {
    setLastEvent(Date.now());
    setStalled(false);
  };

  useEffect(() => {
    if (!exists.ok) return;
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
  }, [name, exists.ok]);

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
      focusComposer();
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
      // The card is gone: keep the keyboard in the conversation. A next
      // card takes the focus from the input box when it comes.
      focusComposer();
    }
  };

  const stop = () => {
    connection.current?.send({ type: "interrupt" });
  };

  // Esc stops a reply, unless a dialog is open (it takes Esc itself).
  // One listener for the page's life, reading the newest state when the
  // key comes, so Esc works from the first moment of a reply.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented && isBusy(stateRef.current) && !document.querySelector("dialog[open]")) {
        e.preventDefault();
        connection.current?.send({ type: "interrupt" });
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // jump shows the message a feature came from: in this interview, or in
  // an earlier one, opened read-only.
  const jump = async (o: Origin) => {
    // A page that started its interview itself does not know its
    // session's id until a replay: ask which one is active.
    let current = stateRef.current.sessionId;
    if (current === null) {
      const ss = await api.sessions(name).catch(() => []);
      current = ss.find((x) => x.status === "active")?.id ?? null;
    }
    if (o.session_id !== current) {
      navigate(`/p/${encodeURIComponent(name)}/s/${o.session_id}#seq-${o.seq}`);
      return;
    }
    setView("chat");
    setTimeout(() => flashMessage(o.seq), 0);
  };

  const why = !ready ? (conn.phase === "failed" ? "Not connected" : "Reconnecting…") : busy ? "The interviewer is replying" : "";
  const showSpec = hasSpec || state.complete;
  const specVisible = showSpec && (!narrow || view === "spec");
  const chatVisible = !narrow || view === "chat" || !showSpec;

  if (exists.problem) return <NoProject name={name} problem={exists.problem} suggestion={exists.suggestion} />;

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
        <div class={`title-block ${conn.phase === "open" ? "" : "conn-trouble"}`}>
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
            project={name}
            onRetry={(text) => sendMessage(text, [])}
            onEdit={(text) => dispatch({ type: "edit", text })}
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
                  ? phone
                    ? "Pick above, or type…"
                    : "Pick an option above, or answer in your own words…"
                  : state.complete
                    ? phone
                      ? "Ask for a change…"
                      : "Ask for a change to the spec…"
                    : "Type your reply…"
              }
              restore={state.restore}
              drop={state.drop}
              draft={`specwright.draft.${name}`}
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
            <SpecPanel
              name={name}
              version={state.specVersion}
              onHasSpec={setHasSpec}
              onJump={jump}
              canRestore={ready && !busy}
              sessionId={state.sessionId}
            />
          </aside>
        ) : exists.ok ? (
          <SpecProbe name={name} version={state.specVersion} onHasSpec={setHasSpec} />
        ) : null}
      </div>

      <ConfirmDialog
        open={confirming}
        title="Start a new interview?"
        confirm="Start over"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          start();
          startedOver.current = true;
        }}
        onClosed={() => {
          // The Start over button the focus went back to is disabled while
          // the new interview begins: type in the input box instead.
          if (startedOver.current) focusComposer();
          startedOver.current = false;
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

/** flashMessage scrolls to the user message stored at seq, focuses and highlights it. */
export function flashMessage(seq: number): boolean {
  const el = document.querySelector<HTMLElement>(`[data-testid="log"] [data-seq="${seq}"]`);
  if (!el) return false;
  el.scrollIntoView({ block: "center" });
  el.focus({ preventScroll: true });
  el.classList.remove("msg-flash");
  void el.offsetWidth; // restart the animation
  el.classList.add("msg-flash");
  return true;
}

/** useProject checks that the project of the address exists, so a mistyped
 * or case-clashing address says so instead of waiting forever, and a
 * project is never created by opening its address. Until it is known,
 * the page opens no socket and asks for no spec. */
function useProject(name: string, fresh: boolean): { ok: boolean; problem: string; suggestion: string } {
  const bad = nameProblem(name);
  const [res, setRes] = useState({ ok: fresh && !bad, problem: "", suggestion: "" });
  useEffect(() => {
    if (bad) {
      setRes({ ok: false, problem: `“${name}” is not a valid project name. ${bad}`, suggestion: "" });
      return;
    }
    if (fresh) return;
    let live = true;
    api.projects().then(
      (ps) => {
        if (!live) return;
        if (ps.some((p) => p.name === name)) {
          setRes({ ok: true, problem: "", suggestion: "" });
          return;
        }
        const near = ps.find((p) => p.name.toLowerCase() === name.toLowerCase());
        setRes({
          ok: false,
          problem: near ? `There is no project “${name}”; names differ by case, and there is one called “${near.name}”.` : `There is no project called “${name}”.`,
          suggestion: near?.name ?? "",
        });
      },
      // Not reachable: let the connection say what is wrong.
      () => live && setRes({ ok: true, problem: "", suggestion: "" }),
    );
    return () => {
      live = false;
    };
  }, [name]);
  return res;
}

function NoProject({ name, problem, suggestion }: { name: string; problem: string; suggestion: string }) {
  useEffect(() => {
    document.title = `Not found · specwright`;
    document.querySelector<HTMLElement>("[data-autofocus-heading]")?.focus();
  }, [name]);
  return (
    <main class="page missing" data-testid="no-project">
      <h1 tabIndex={-1} data-autofocus-heading>
        No such project
      </h1>
      <p class="alert alert-warning" role="alert">
        {problem}
      </p>
      <p>
        {suggestion ? (
          <>
            <a href={projectPath(suggestion)} onClick={linkClick} data-testid="suggestion">
              Open {suggestion}
            </a>{" "}
            or{" "}
          </>
        ) : null}
        <a href="/" onClick={linkClick}>
          go to the projects
        </a>{" "}
        to create one.
      </p>
    </main>
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
  project: string;
  onRetry: (text: string) => void;
  onEdit: (text: string) => void;
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

function Log({ project, onRetry, onEdit, state, info, busy, stalled, noSession, ready, onStart, onAnswer, onStop, onKeepWaiting, onShowSpec }: LogProps) {
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
  const idle = ready && !busy && !stalled;
  const lastUser = [...state.items].reverse().find((it): it is Extract<Item, { kind: "user" }> => it.kind === "user" && !it.pending);
  const last = state.items[state.items.length - 1];
  const actionsFor = (it: Item): ItemActions => {
    const a: ItemActions = { project, cardDisabled: ready ? "" : "Not connected: the answers can be sent once specwright is back" };
    if (idle && it === last && it.kind === "error" && lastUser?.text) a.onRetry = () => onRetry(lastUser.text);
    if (idle && it === lastUser && !it.answer && !lastQuestion && it.text) a.onEdit = onEdit;
    return a;
  };

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
              actions={actionsFor(it)}
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

export interface ItemActions {
  project?: string;
  cardDisabled?: string; // why the open card cannot be sent now, or ""
  onRetry?: () => void; // on the last failed turn: send the last message again
  onEdit?: (text: string) => void; // on the last message: put it back in the box
  readOnly?: boolean; // an archived interview: nothing to act on
}

export function ItemView({
  item,
  open,
  again,
  onAnswer,
  onShowSpec,
  actions = {},
}: {
  item: Item;
  open: boolean;
  again: boolean;
  onAnswer: (a: Answers, toolId: string | null) => void;
  onShowSpec: () => void;
  actions?: ItemActions;
}) {
  switch (item.kind) {
    case "assistant":
      return (
        <article class="msg msg-assistant" aria-busy={item.open ? "true" : undefined} data-testid="assistant">
          <span class="sr-only">Interviewer: </span>
          <Markdown text={item.text} />
          {!item.open && item.text ? (
            <div class="msg-tools">
              <CopyButton text={item.text} label="Copy this reply" class="link-btn copy-msg" testid="copy-message" />
            </div>
          ) : null}
        </article>
      );
    case "user":
      return (
        <article class={`msg msg-user ${item.pending ? "msg-pending" : ""}`} data-testid="user" data-seq={item.seq} tabIndex={item.seq ? -1 : undefined}>
          <span class="sr-only">You{item.answer ? " answered" : ""}: </span>
          {item.text ? <UserText text={item.text} /> : null}
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
          {!item.pending && actions.onEdit ? (
            <div class="msg-tools msg-tools-user">
              <button type="button" class="link-btn" onClick={() => actions.onEdit?.(item.text)} data-testid="edit-last">
                Edit and send again
              </button>
            </div>
          ) : null}
        </article>
      );
    case "question":
      return open ? (
        <QuestionCard
          id={item.key}
          questions={item.questions}
          disabled={!!actions.cardDisabled}
          why={actions.cardDisabled}
          draft={actions.project && item.toolId ? draftKey(actions.project, item.toolId) : null}
          onAnswer={(a) => onAnswer(a, item.toolId)}
        />
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
          {actions.onRetry ? (
            <button type="button" class="btn btn-small" onClick={actions.onRetry} data-testid="retry">
              Retry
            </button>
          ) : null}
        </div>
      );
    case "notice":
      return (
        <p class="event event-notice" data-testid="notice">
          {item.text}
        </p>
      );
    case "version":
      return (
        <p class="event event-version" data-testid="version-event" data-version={item.note.number}>
          <span>
            <strong>Version {item.note.number}</strong>
            {item.note.restored_from ? ` (restores version ${item.note.restored_from})` : ""}: {item.note.summary}
          </span>
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
          {actions.readOnly ? null : (
            <button type="button" class="btn btn-small btn-primary show-spec-btn" onClick={onShowSpec}>
              Show the spec
            </button>
          )}
        </div>
      );
  }
}

/** UserText shows what the user wrote; a very long paste is collapsed to its first lines. */
function UserText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const c = collapsible(text);
  if (!c || open) {
    return (
      <>
        <p class="user-text">{text}</p>
        {c ? (
          <button type="button" class="link-btn paste-toggle" onClick={() => setOpen(false)}>
            Show less
          </button>
        ) : null}
      </>
    );
  }
  return (
    <>
      <p class="user-text user-text-collapsed" data-testid="collapsed-paste">
        {c.head}
      </p>
      <button type="button" class="link-btn paste-toggle" onClick={() => setOpen(true)} data-testid="expand-paste">
        Show all {c.lines} lines
      </button>
    </>
  );
}
