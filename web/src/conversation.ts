// The interview as the page shows it, computed from the server's events.
// Everything here is pure: apply(state, action) returns the next state, so
// reloads, reconnects and replays are tested without a browser.
//
// The server is the source of truth. A reload starts from an empty state
// and the resume replay redraws it; a reconnect replays what was missed.
// Streamed text (no seq) is "open" until a stored event seals it: the
// server stores each finished text block silently (it was already
// streamed), so a stored event after the deltas means the block is on
// the server's side of the line. Open text is dropped before a replay,
// which brings it back either as a stored block or as the block so far.

import type { Attachment, Question, ServerEvent, VersionNote } from "./protocol";

export type Item =
  | { kind: "assistant"; key: string; text: string; open: boolean }
  | {
      kind: "user";
      key: string;
      text: string;
      attachments: string[]; // file names
      previews?: string[]; // blob: URLs of images picked in this page
      pending: boolean; // sent, not yet acknowledged by the server
      answer: boolean; // the answer to a structured question
      seq?: number; // the stored user event, once acknowledged
    }
  | { kind: "question"; key: string; toolId: string | null; questions: Question[]; state: "open" | "answered" | "closed" }
  | { kind: "file"; key: string; path: string }
  | { kind: "validation"; key: string; content: string; problems: string[] }
  | { kind: "error"; key: string; content: string }
  | { kind: "notice"; key: string; text: string }
  | { kind: "complete"; key: string }
  | { kind: "version"; key: string; note: VersionNote };

export interface State {
  items: Item[];
  lastSeq: number;
  sessionId: number | null; // null: not known (fresh page, or after our own start)
  known: boolean; // a replay has told us whether a session exists
  running: boolean; // the server runs a turn (from events)
  awaiting: boolean; // we sent something and wait for the first sign of it
  complete: boolean; // the spec of this session is complete
  specVersion: number; // bumped whenever the spec files may have changed
  restore: { text: string; at: number } | null; // a refused message, for the input box
  startPending: boolean; // we sent start and have seen nothing of it yet
  resync: number; // bumped when the page must redraw from scratch
  replaced: boolean; // the resync is because another tab started a new interview
  drop: number; // bumped when a message put back into the input box no longer belongs there
  nextKey: number;
}

export const initialState: State = {
  items: [],
  lastSeq: 0,
  sessionId: null,
  known: false,
  running: false,
  awaiting: false,
  complete: false,
  specVersion: 0,
  restore: null,
  startPending: false,
  resync: 0,
  replaced: false,
  drop: 0,
  nextKey: 1,
};

const REPLACED = "A new interview was started in another tab or window; this page now shows it.";

export type Action =
  | { type: "event"; event: ServerEvent }
  | { type: "replay"; events: ServerEvent[]; resumed: Extract<ServerEvent, { type: "resumed" }> }
  | { type: "sent-start" }
  | { type: "sent-message"; text: string; attachments: Attachment[]; previews: string[] }
  | { type: "sent-answer"; text: string }
  | { type: "notice"; text: string }
  | { type: "edit"; text: string } // put a sent message back into the input box
  | { type: "reset" };

/** busy reports whether the page should show that a reply is coming. */
export function busy(s: State): boolean {
  return (s.running || s.awaiting) && openQuestion(s) === null;
}

/** openQuestion returns the question waiting for an answer, if any. */
export function openQuestion(s: State): Extract<Item, { kind: "question" }> | null {
  for (let i = s.items.length - 1; i >= 0; i--) {
    const it = s.items[i];
    if (it.kind === "question") return it.state === "open" ? it : null;
  }
  return null;
}

/** resumePoint is what the page asks the server to replay from. */
export function resumePoint(s: State): { after_seq: number; session_id?: number } {
  return s.sessionId ? { after_seq: s.lastSeq, session_id: s.sessionId } : { after_seq: s.lastSeq };
}

function key(s: State): [string, State] {
  return [`i${s.nextKey}`, { ...s, nextKey: s.nextKey + 1 }];
}

function push(s: State, make: (key: string) => Item): State {
  const [k, next] = key(s);
  return { ...next, items: [...next.items, make(k)] };
}

// seal closes the open streamed text, if any.
function seal(s: State): State {
  const last = s.items[s.items.length - 1];
  if (last && last.kind === "assistant" && last.open) {
    return { ...s, items: [...s.items.slice(0, -1), { ...last, open: false }] };
  }
  return s;
}

// dropOpen removes streamed text that no stored event has sealed.
function dropOpen(s: State): State {
  const items = s.items.filter((it) => !(it.kind === "assistant" && it.open));
  return items.length === s.items.length ? s : { ...s, items };
}

// closeQuestions marks open questions: answered by a user message, or
// closed when the turn ended without an answer (interrupt, cancel, or a
// new question).
function closeQuestions(s: State, to: "answered" | "closed"): State {
  if (!s.items.some((it) => it.kind === "question" && it.state === "open")) return s;
  return {
    ...s,
    items: s.items.map((it) => (it.kind === "question" && it.state === "open" ? { ...it, state: to } : it)),
  };
}

/** apply returns the state after an action. */
export function apply(s: State, a: Action): State {
  switch (a.type) {
    case "event":
      return applyEvent(s, a.event, true);
    case "replay":
      return applyReplay(s, a.events, a.resumed);
    case "sent-start":
      // A new interview: the old one stays stored on the server.
      return { ...initialState, known: true, awaiting: true, startPending: true, resync: s.resync, nextKey: s.nextKey };
    case "sent-message": {
      // While a question is open, a message is its answer in the user's words.
      const answering = openQuestion(s) !== null;
      s = closeQuestions(s, "answered");
      return push({ ...s, awaiting: true, restore: null }, (k) => ({
        kind: "user",
        key: k,
        text: a.text,
        attachments: a.attachments.map((x) => x.filename),
        previews: a.previews,
        pending: true,
        answer: answering,
      }));
    }
    case "sent-answer":
      s = closeQuestions(s, "answered");
      return push({ ...s, awaiting: true, restore: null }, (k) => ({
        kind: "user",
        key: k,
        text: a.text,
        attachments: [],
        pending: true,
        answer: true,
      }));
    case "notice":
      return push(s, (k) => ({ kind: "notice", key: k, text: a.text }));
    case "edit":
      return { ...s, restore: { text: a.text, at: s.nextKey }, nextKey: s.nextKey + 1 };
    case "reset": {
      const next = { ...initialState, resync: s.resync, nextKey: s.nextKey, drop: s.drop };
      if (!s.replaced) return next;
      return push({ ...next, drop: s.drop + 1 }, (k) => ({ kind: "notice", key: k, text: REPLACED }));
    }
  }
}

function applyEvent(s: State, ev: ServerEvent, live: boolean): State {
  if (ev.type === "pong" || ev.type === "resumed") return s;
  const seq = ev.seq ?? 0;
  if (seq > 0) {
    if (seq <= s.lastSeq) {
      // Live events never repeat: a stored event numbered below what
      // was shown belongs to a newer interview (started in another tab).
      return live ? { ...s, resync: s.resync + 1, replaced: true } : s;
    }
    s = { ...s, lastSeq: seq, startPending: false };
  } else if (ev.type === "text") {
    s = { ...s, startPending: false };
  }

  switch (ev.type) {
    case "text": {
      if (seq > 0) {
        // A stored block: replaces the open text it was streamed as.
        const last = s.items[s.items.length - 1];
        if (last && last.kind === "assistant" && last.open) {
          return { ...s, items: [...s.items.slice(0, -1), { ...last, text: ev.content, open: false }] };
        }
        return push(s, (k) => ({ kind: "assistant", key: k, text: ev.content, open: false }));
      }
      s = { ...s, running: true, awaiting: false };
      const last = s.items[s.items.length - 1];
      if (last && last.kind === "assistant" && last.open) {
        return { ...s, items: [...s.items.slice(0, -1), { ...last, text: last.text + ev.content }] };
      }
      return push(s, (k) => ({ kind: "assistant", key: k, text: ev.content, open: true }));
    }

    case "user": {
      s = seal(s);
      s = closeQuestions(s, "answered");
      s = { ...s, running: true, awaiting: false };
      // The acknowledgement of a message this page sent: keep its bubble
      // (and the image previews), now confirmed.
      const i = s.items.findIndex((it) => it.kind === "user" && it.pending);
      const names = ev.attachments ?? [];
      if (i >= 0) {
        const it = s.items[i] as Extract<Item, { kind: "user" }>;
        const items = s.items.slice();
        items.splice(i, 1);
        const confirmed: Item = { ...it, text: ev.content, attachments: names, pending: false, answer: !!ev.tool_id || it.answer, seq: ev.seq };
        return { ...s, items: [...items, confirmed] };
      }
      return push(s, (k) => ({
        kind: "user",
        key: k,
        text: ev.content,
        attachments: names,
        pending: false,
        answer: !!ev.tool_id,
        seq: ev.seq,
      }));
    }

    case "version":
      return push({ ...seal(s), specVersion: s.specVersion + 1 }, (k) => ({ kind: "version", key: k, note: ev.version }));

    case "question":
      s = seal(s);
      s = closeQuestions(s, "closed");
      s = { ...s, running: false, awaiting: false };
      return push(s, (k) => ({
        kind: "question",
        key: k,
        toolId: ev.tool_id ?? null,
        questions: ev.questions ?? [],
        state: "open",
      }));

    case "file_written":
      s = seal(s);
      return push({ ...s, specVersion: s.specVersion + 1 }, (k) => ({ kind: "file", key: k, path: ev.path }));

    case "spec_complete":
      return { ...seal(s), complete: true, specVersion: s.specVersion + 1 };

    case "validation":
      s = seal(s);
      return push({ ...s, specVersion: s.specVersion + 1 }, (k) => ({
        kind: "validation",
        key: k,
        content: ev.content,
        problems: ev.problems ?? [],
      }));

    case "response_done": {
      s = seal(s);
      // The response_done that ends a question's request may arrive after
      // this page already sent the answer: while a sent message is not yet
      // acknowledged, the answer's own turn is still to come.
      const unacknowledged = s.items.some((it) => it.kind === "user" && it.pending);
      s = { ...s, running: false, awaiting: s.awaiting && unacknowledged };
      // A question's own request ends with response_done too, while the
      // question stays open for its answer: only an interrupt closes it.
      if (ev.interrupted) {
        s = closeQuestions(s, "closed");
        return push(s, (k) => ({ kind: "notice", key: k, text: "Stopped. Send a message to go on." }));
      }
      return s;
    }

    case "complete":
      s = seal(s);
      return push({ ...s, complete: true, specVersion: s.specVersion + 1 }, (k) => ({ kind: "complete", key: k }));

    case "error": {
      if (seq === 0) {
        // A refusal: it went only to this page, about what it just sent.
        const i = s.items.findIndex((it) => it.kind === "user" && it.pending);
        if (i >= 0) {
          const it = s.items[i] as Extract<Item, { kind: "user" }>;
          const items = s.items.slice();
          items.splice(i, 1);
          // A refused message goes back into the input box; a refused
          // answer does not (the card opens again, its choices kept).
          s = { ...s, items, awaiting: false };
          if (it.answer) s = reopenQuestion(s);
          else s = { ...s, restore: { text: it.text, at: s.nextKey } };
        } else if (s.startPending) {
          // The new interview was refused: show the stored one again.
          s = { ...s, awaiting: false, startPending: false, resync: s.resync + 1 };
        } else {
          s = { ...s, awaiting: false };
        }
        return push(s, (k) => ({ kind: "error", key: k, content: ev.content }));
      }
      s = seal(s);
      s = closeQuestions(s, "closed");
      s = { ...s, running: false, awaiting: false };
      return push(s, (k) => ({ kind: "error", key: k, content: ev.content }));
    }
  }
  return s;
}

// reopenQuestion undoes the answered mark of the latest question when
// its answer was refused before reaching the server.
function reopenQuestion(s: State): State {
  for (let i = s.items.length - 1; i >= 0; i--) {
    const it = s.items[i];
    if (it.kind === "question") {
      if (it.state !== "answered") return s;
      const items = s.items.slice();
      items[i] = { ...it, state: "open" };
      return { ...s, items };
    }
  }
  return s;
}

/**
 * replayStart returns the index in buf where the server's replay begins.
 * Live events can reach a new socket before the server has read its
 * resume; they are repeated by the replay (stored events again, streamed
 * text as the block so far), so the page drops them. The replay is a run
 * of stored events in rising seq order, after afterSeq, then at most one
 * text without seq (the block streaming now).
 */
export function replayStart(buf: ServerEvent[], afterSeq: number): number {
  let i = buf.length;
  if (i > 0 && buf[i - 1].type === "text" && !buf[i - 1].seq) i--; // the block so far
  const end = i;
  while (i > 0) {
    const seq = buf[i - 1].seq ?? 0;
    if (seq <= afterSeq) break;
    if (i < end && seq >= (buf[i].seq ?? 0)) break;
    i--;
  }
  return i;
}

function applyReplay(s: State, events: ServerEvent[], resumed: Extract<ServerEvent, { type: "resumed" }>): State {
  const sameSession = s.sessionId === null ? s.known || s.lastSeq === 0 : s.sessionId === resumed.session_id;
  if (!sameSession || resumed.session_id === 0) {
    // Another interview than the one shown (started elsewhere), or none.
    const keepPending = s.items.filter((it) => it.kind === "user" && it.pending);
    const replaced = s.sessionId !== null && resumed.session_id !== 0;
    s = { ...initialState, nextKey: s.nextKey, resync: s.resync, drop: s.drop + (replaced ? 1 : 0), items: resumed.session_id === 0 ? keepPending : [] };
    if (replaced) s = push(s, (k) => ({ kind: "notice", key: k, text: REPLACED }));
  } else {
    s = dropOpen(s);
  }
  const from = replayStart(events, s.lastSeq);
  for (const ev of events.slice(from)) s = applyEvent(s, ev, false);
  s = {
    ...s,
    sessionId: resumed.session_id || null,
    known: true,
    running: resumed.running,
    awaiting: false,
    startPending: false,
    lastSeq: Math.max(s.lastSeq, resumed.last_seq),
  };
  if (!resumed.running) s = seal(s);
  // A message the replay does not hold never reached the server: it goes
  // back into the input box rather than pretending it was sent.
  const lost = s.items.filter((it): it is Extract<Item, { kind: "user" }> => it.kind === "user" && it.pending);
  if (lost.length > 0 && resumed.session_id !== 0) {
    s = { ...s, items: s.items.filter((it) => !(it.kind === "user" && it.pending)) };
    if (lost.some((it) => it.answer)) s = reopenQuestion(s);
    s = { ...s, restore: { text: lost.map((it) => it.text).join("\n\n"), at: s.nextKey } };
    s = push(s, (k) => ({ kind: "notice", key: k, text: "Your last message did not reach specwright before the connection dropped. It is back in the input box: send it again." }));
  }
  return s;
}

/** flattenAnswers shows answers the way the server stores them: "a; b, c". */
export function flattenAnswers(answers: Record<string, string | string[]>): string {
  const keys = Object.keys(answers)
    .map(Number)
    .sort((a, b) => a - b);
  if (keys.length === 0) return "OK";
  return keys.map((k) => ([] as string[]).concat(answers[String(k)]).join(", ")).join("; ");
}
