import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoff, Connection, type ConnState } from "./connection";
import type { ServerEvent } from "./protocol";

// FakeSocket stands in for the browser's WebSocket.
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closed: { code: number; reason: string } | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  // server side
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  push(ev: object) {
    this.onmessage?.({ data: JSON.stringify(ev) });
  }
  drop(code = 1006, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function setup(point = { after_seq: 0 }) {
  const states: ConnState[] = [];
  const replays: { events: ServerEvent[]; resumed: ServerEvent }[] = [];
  const live: ServerEvent[] = [];
  const c = new Connection({
    url: "ws://x/api/spec/ws/p?v=2",
    resumePoint: () => point,
    onReplay: (events, resumed) => replays.push({ events, resumed }),
    onEvent: (e) => live.push(e),
    onState: (s) => states.push(s),
    socket: (url) => new FakeSocket(url) as unknown as WebSocket,
  });
  return { c, states, replays, live };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("Connection", () => {
  it("resumes on open, buffers the replay, then passes live events", () => {
    const { c, replays, live } = setup({ after_seq: 7 });
    c.start();
    const ws = FakeSocket.all[0];
    ws.open();
    expect(ws.sent).toEqual([{ type: "resume", after_seq: 7 }]);
    expect(c.ready).toBe(false);
    expect(c.send({ type: "start" })).toBe(false);
    ws.push({ type: "text", content: "a", seq: 8 });
    ws.push({ type: "resumed", session_id: 1, last_seq: 8, running: false });
    expect(replays).toHaveLength(1);
    expect(replays[0].events).toHaveLength(1);
    expect(c.ready).toBe(true);
    ws.push({ type: "pong" });
    ws.push({ type: "response_done", seq: 9 });
    expect(live).toEqual([{ type: "response_done", seq: 9 }]);
    expect(c.send({ type: "start" })).toBe(true);
  });

  it("reconnects with growing waits and resets after a good resume", () => {
    const { c, states } = setup();
    c.start();
    FakeSocket.all[0].drop();
    expect(states[states.length - 1]).toMatchObject({ phase: "retrying", attempt: 1, reason: "The connection was lost" });
    vi.advanceTimersByTime(backoff(0) * 1.2 + 1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].drop();
    vi.advanceTimersByTime(backoff(1) * 0.8 - 1);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(backoff(1) * 0.4 + 2);
    expect(FakeSocket.all).toHaveLength(3);
    const ws = FakeSocket.all[2];
    ws.open();
    ws.push({ type: "resumed", session_id: 1, last_seq: 0, running: false });
    ws.drop();
    expect(states[states.length - 1]).toMatchObject({ phase: "retrying", attempt: 1 });
    expect(backoff(20)).toBe(15_000);
  });

  it("stops on an invalid project, with the server's reason", () => {
    const { c, states } = setup();
    c.start();
    const ws = FakeSocket.all[0];
    ws.open();
    ws.push({ type: "error", content: "Invalid project name" });
    ws.drop(4000, "");
    expect(states[states.length - 1]).toEqual({ phase: "failed", reason: "Invalid project name" });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("pings, and drops a connection that went silent", () => {
    const { c } = setup();
    c.start();
    const ws = FakeSocket.all[0];
    ws.open();
    ws.push({ type: "resumed", session_id: 0, last_seq: 0, running: false });
    vi.advanceTimersByTime(20_000);
    expect(ws.sent).toContainEqual({ type: "ping" });
    vi.advanceTimersByTime(40_000);
    expect(ws.closed?.code).toBe(4001);
    expect(c.current.phase).toBe("retrying");
  });

  it("gives up on a resume that is never answered", () => {
    const { c } = setup();
    c.start();
    FakeSocket.all[0].open();
    vi.advanceTimersByTime(20_001);
    expect(c.current).toMatchObject({ phase: "retrying", reason: "The server did not answer the resume request" });
  });

  it("resync and stop close the socket", () => {
    const { c } = setup();
    c.start();
    FakeSocket.all[0].open();
    c.resync();
    expect(FakeSocket.all[0].closed?.code).toBe(1000);
    expect(FakeSocket.all).toHaveLength(2);
    c.stop();
    expect(FakeSocket.all[1].closed?.code).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2);
  });
});
