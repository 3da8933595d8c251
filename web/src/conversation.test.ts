import { describe, expect, it } from "vitest";
import { apply, busy, flattenAnswers, initialState, openQuestion, replayStart, resumePoint, type Action, type State } from "./conversation";
import type { ServerEvent } from "./protocol";

const ev = (event: ServerEvent): Action => ({ type: "event", event });
const resumed = (session_id: number, last_seq: number, running = false) =>
  ({ type: "resumed", session_id, last_seq, running }) as const;

function run(s: State, ...actions: Action[]): State {
  return actions.reduce(apply, s);
}

const q = { question: "How involved?", header: "Mode", options: [{ label: "Quick" }, { label: "Detailed" }] };

describe("live events", () => {
  it("streams text into one open block that a stored event seals", () => {
    let s = run(initialState, { type: "sent-start" }, ev({ type: "text", content: "Hel" }), ev({ type: "text", content: "lo" }));
    expect(busy(s)).toBe(true);
    expect(s.items).toMatchObject([{ kind: "assistant", text: "Hello", open: true }]);
    s = apply(s, ev({ type: "response_done", seq: 2 }));
    expect(s.items).toMatchObject([{ kind: "assistant", text: "Hello", open: false }]);
    expect(busy(s)).toBe(false);
    expect(s.lastSeq).toBe(2);
  });

  it("confirms a sent message with the user echo", () => {
    let s = run(initialState, { type: "sent-message", text: "A todo app", attachments: [], previews: [] });
    expect(s.items[0]).toMatchObject({ kind: "user", pending: true });
    expect(busy(s)).toBe(true);
    s = apply(s, ev({ type: "user", content: "A todo app", seq: 3 }));
    expect(s.items).toMatchObject([{ kind: "user", pending: false, text: "A todo app" }]);
    expect(busy(s)).toBe(true); // the turn runs
  });

  it("shows a question, closes it with the answer, and the turn goes on", () => {
    let s = run(initialState, ev({ type: "text", content: "Nice." }), ev({ type: "question", questions: [q], tool_id: "t1", seq: 4 }));
    expect(openQuestion(s)?.toolId).toBe("t1");
    expect(busy(s)).toBe(false);
    // The question's request ends with response_done; the card stays open.
    s = apply(s, ev({ type: "response_done", seq: 5 }));
    expect(openQuestion(s)?.toolId).toBe("t1");
    expect(busy(s)).toBe(false);
    s = apply(s, { type: "sent-answer", text: "Quick" });
    expect(openQuestion(s)).toBeNull();
    s = apply(s, ev({ type: "user", content: "Quick", tool_id: "t1", seq: 6 }));
    expect(s.items.map((i) => i.kind)).toEqual(["assistant", "question", "user"]);
    expect(s.items[1]).toMatchObject({ state: "answered" });
    expect(s.items[2]).toMatchObject({ answer: true, pending: false });
  });

  it("stays busy when the answer goes out before the question's own response_done", () => {
    // The server publishes question and response_done together, but a
    // client may answer the instant it sees the question.
    let s = run(initialState, ev({ type: "question", questions: [q], tool_id: "t1", seq: 4 }), { type: "sent-answer", text: "Quick" });
    s = apply(s, ev({ type: "response_done", seq: 5 }));
    expect(busy(s)).toBe(true); // that response_done ended the question's request, not the answer's
    s = run(s, ev({ type: "user", content: "Quick", tool_id: "t1", seq: 6 }), ev({ type: "text", content: "Good." }));
    expect(busy(s)).toBe(true);
    s = apply(s, ev({ type: "response_done", seq: 7 }));
    expect(busy(s)).toBe(false);
  });

  it("reopens the question of a refused answer without putting the answer in the input box", () => {
    let s = run(
      initialState,
      ev({ type: "question", questions: [q], tool_id: "t1", seq: 1 }),
      { type: "sent-answer", text: "Quick" },
      ev({ type: "error", content: "A response is already in progress; wait for it to finish" }),
    );
    expect(s.items.map((i) => i.kind)).toEqual(["question", "error"]);
    expect(openQuestion(s)?.toolId).toBe("t1");
    expect(s.restore).toBeNull();
    expect(busy(s)).toBe(false);
  });

  it("puts a refused message back into the input box", () => {
    const s = run(
      initialState,
      { type: "sent-message", text: "my words", attachments: [], previews: [] },
      ev({ type: "error", content: "A response is already in progress; wait for it to finish" }),
    );
    expect(s.restore?.text).toBe("my words");
  });

  it("says so when another tab started over, and takes a restored message back out", () => {
    let s = run(initialState, ev({ type: "text", content: "a", seq: 1 }), ev({ type: "text", content: "b", seq: 2 }));
    s = apply(s, ev({ type: "text", content: "new greeting", seq: 1 }));
    expect(s.resync).toBe(1);
    s = apply(s, { type: "reset" });
    expect(s.drop).toBe(1);
    expect(s.items).toMatchObject([{ kind: "notice", text: expect.stringContaining("another tab") }]);
    s = apply(s, { type: "replay", events: [{ type: "text", content: "new greeting", seq: 1 }], resumed: resumed(2, 1) });
    expect(s.items.map((i) => i.kind)).toEqual(["notice", "assistant"]);
  });

  it("ends the wait on a failed turn and closes an unanswered question on interrupt", () => {
    let s = run(initialState, { type: "sent-message", text: "x", attachments: [], previews: [] }, ev({ type: "user", content: "x", seq: 1 }));
    s = apply(s, ev({ type: "error", content: "The model is overloaded", seq: 2 }));
    expect(busy(s)).toBe(false);
    s = run(s, ev({ type: "question", questions: [q], seq: 3 }), ev({ type: "response_done", seq: 4 }));
    expect(openQuestion(s)).not.toBeNull();
    s = apply(s, ev({ type: "response_done", interrupted: true, seq: 5 }));
    expect(openQuestion(s)).toBeNull();
    expect(s.items[s.items.length - 1]).toMatchObject({ kind: "notice" });
  });

  it("marks completion and counts spec changes", () => {
    const s = run(
      initialState,
      ev({ type: "file_written", path: "prompts/app_spec.txt", seq: 1 }),
      ev({ type: "file_written", path: "prompts/initializer_prompt.md", seq: 2 }),
      ev({ type: "spec_complete", path: "prompts/app_spec.txt", seq: 3 }),
      ev({ type: "response_done", seq: 4 }),
      ev({ type: "complete", path: "prompts/app_spec.txt", seq: 5 }),
    );
    expect(s.complete).toBe(true);
    expect(s.specVersion).toBe(4);
    expect(s.items.map((i) => i.kind)).toEqual(["file", "file", "complete"]);
  });

  it("asks for a redraw when a stored event goes back in seq (another tab started over)", () => {
    const s = run(initialState, ev({ type: "response_done", seq: 7 }), ev({ type: "response_done", seq: 2 }));
    expect(s.resync).toBe(1);
  });

  it("starting over clears the page and a refused start redraws", () => {
    let s = run(initialState, ev({ type: "text", content: "old", seq: 1 }), ev({ type: "response_done", seq: 2 }));
    s = apply(s, { type: "sent-start" });
    expect(s.items).toEqual([]);
    expect(s.lastSeq).toBe(0);
    s = apply(s, ev({ type: "error", content: "A response is already in progress; wait for it to finish" }));
    expect(s.resync).toBe(1);
  });
});

describe("replay", () => {
  it("redraws a fresh page from the transcript", () => {
    const s = apply(initialState, {
      type: "replay",
      events: [
        { type: "text", content: "Hi!", seq: 1 },
        { type: "response_done", seq: 2 },
        { type: "user", content: "A todo app", seq: 3 },
        { type: "text", content: "Which mode?", seq: 4 },
        { type: "question", questions: [q], tool_id: "t1", seq: 5 },
        { type: "response_done", seq: 6 },
      ],
      resumed: resumed(9, 6),
    });
    expect(s.items.map((i) => i.kind)).toEqual(["assistant", "user", "assistant", "question"]);
    expect(openQuestion(s)?.toolId).toBe("t1");
    expect(s.sessionId).toBe(9);
    expect(resumePoint(s)).toEqual({ after_seq: 6, session_id: 9 });
  });

  it("replaces text streamed before a drop with what the server stored", () => {
    let s = run(initialState, ev({ type: "user", content: "go", seq: 3 }), ev({ type: "text", content: "Hello wo" }));
    s = { ...s, sessionId: 1 };
    s = apply(s, { type: "replay", events: [{ type: "text", content: "Hello world", seq: 4 }, { type: "text", content: "More" }], resumed: resumed(1, 4, true) });
    expect(s.items.map((i) => [i.kind, "text" in i ? i.text : ""])).toEqual([
      ["user", "go"],
      ["assistant", "Hello world"],
      ["assistant", "More"],
    ]);
    expect(busy(s)).toBe(true);
  });

  it("drops live events that reached the socket before the replay", () => {
    const events: ServerEvent[] = [
      { type: "text", content: "lo" }, // live, before the server read resume
      { type: "file_written", path: "a", seq: 6 }, // live, repeated below
      { type: "text", content: "Hello", seq: 5 },
      { type: "file_written", path: "a", seq: 6 },
      { type: "text", content: "And" }, // the block so far
    ];
    expect(replayStart(events, 4)).toBe(2);
    expect(replayStart([{ type: "text", content: "a" }, { type: "text", content: "ab" }], 4)).toBe(1);
    expect(replayStart([], 0)).toBe(0);
    const s = apply({ ...initialState, lastSeq: 4, sessionId: 2 }, { type: "replay", events, resumed: resumed(2, 6, true) });
    expect(s.items.map((i) => [i.kind, "text" in i ? i.text : ""])).toEqual([
      ["assistant", "Hello"],
      ["file", ""],
      ["assistant", "And"],
    ]);
  });

  it("starts from scratch when the server's latest session is another one", () => {
    let s = run(initialState, ev({ type: "text", content: "old", seq: 1 }));
    s = { ...s, sessionId: 1 };
    s = apply(s, { type: "replay", events: [{ type: "text", content: "new", seq: 1 }], resumed: resumed(2, 1) });
    expect(s.items).toMatchObject([{ kind: "notice", text: expect.stringContaining("another tab") }, { kind: "assistant", text: "new" }]);
    expect(s.sessionId).toBe(2);
    expect(s.drop).toBe(1);
  });

  it("gives back a message the server never got", () => {
    let s = run({ ...initialState, sessionId: 3, lastSeq: 2 }, { type: "sent-message", text: "lost words", attachments: [], previews: [] });
    s = apply(s, { type: "replay", events: [], resumed: resumed(3, 2) });
    expect(s.items.some((i) => i.kind === "user")).toBe(false);
    expect(s.restore?.text).toBe("lost words");
    expect(busy(s)).toBe(false);
  });

  it("reports no session", () => {
    const s = apply(initialState, { type: "replay", events: [], resumed: resumed(0, 0) });
    expect(s.known).toBe(true);
    expect(s.sessionId).toBeNull();
    expect(s.items).toEqual([]);
  });
});

describe("flattenAnswers", () => {
  it("matches the server's rendering", () => {
    expect(flattenAnswers({ "1": ["a", "b"], "0": "x" })).toBe("x; a, b");
    expect(flattenAnswers({})).toBe("OK");
  });
});

describe("versions and edits", () => {
  it("notes a stored version, refreshes the spec, and keeps the seq of messages", () => {
    let s = run(initialState, { type: "sent-message", text: "add export", attachments: [], previews: [] }, ev({ type: "user", content: "add export", seq: 4 }));
    expect(s.items[0]).toMatchObject({ kind: "user", seq: 4 });
    const before = s.specVersion;
    s = apply(s, ev({ type: "version", version: { number: 2, summary: "+1 feature", added: ["F-031"], changed: [], removed: [] }, seq: 5 }));
    expect(s.items[s.items.length - 1]).toMatchObject({ kind: "version", note: { number: 2 } });
    expect(s.specVersion).toBe(before + 1);
  });

  it("puts a message back into the input box to edit it", () => {
    const s = apply(initialState, { type: "edit", text: "again" });
    expect(s.restore?.text).toBe("again");
    expect(apply(s, { type: "edit", text: "again" }).restore?.at).not.toBe(s.restore?.at);
  });
});
