// The page's WebSocket to one project: protocol v2, resume on every
// (re)connect, automatic reconnect with backoff, and a keep-alive that
// notices a dead connection (a laptop that slept, a proxy that dropped
// it) instead of waiting forever.

import type { ClientMessage, ServerEvent } from "./protocol";

export type ConnState =
  | { phase: "connecting"; attempt: number }
  | { phase: "syncing" } // open, waiting for the replay to end
  | { phase: "open" }
  | { phase: "retrying"; at: number; attempt: number; reason: string }
  | { phase: "failed"; reason: string };

export interface ConnectionOptions {
  url: string;
  resumePoint: () => { after_seq: number; session_id?: number };
  onReplay: (events: ServerEvent[], resumed: Extract<ServerEvent, { type: "resumed" }>) => void;
  onEvent: (ev: ServerEvent) => void;
  onState: (st: ConnState) => void;
  socket?: (url: string) => WebSocket; // tests pass a fake
  pingEvery?: number; // ms between keep-alive pings (default 20 s)
  deadAfter?: number; // ms of silence that mean the connection is dead (default 45 s)
  replayTimeout?: number; // ms to wait for "resumed" (default 20 s)
}

/** backoff is the wait before reconnect attempt n (0-based), without jitter. */
export function backoff(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.min(attempt, 10));
}

// Close codes after which reconnecting cannot help.
const fatalCodes = new Set([4000]);

export class Connection {
  private ws: WebSocket | null = null;
  private state: ConnState = { phase: "connecting", attempt: 0 };
  private attempt = 0;
  private buffer: ServerEvent[] | null = null; // events before "resumed"
  private lastHeard = 0;
  private lastError = "";
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private replayTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly opts: Required<Omit<ConnectionOptions, "socket">> & Pick<ConnectionOptions, "socket">;

  constructor(opts: ConnectionOptions) {
    this.opts = { pingEvery: 20_000, deadAfter: 45_000, replayTimeout: 20_000, ...opts };
  }

  get current(): ConnState {
    return this.state;
  }

  /** ready reports whether messages can be sent now. */
  get ready(): boolean {
    return this.state.phase === "open";
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** stop closes the connection for good (the page is leaving the project). */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.teardown(1000, "page closed");
  }

  /** retryNow skips the wait before the next attempt. */
  retryNow(): void {
    if (this.stopped || this.state.phase === "open" || this.state.phase === "syncing" || this.state.phase === "connecting") return;
    this.attempt = 0;
    this.connect();
  }

  /** resync drops the socket and connects again at once, resuming from the caller's point. */
  resync(): void {
    if (this.stopped) return;
    this.teardown(1000, "resync");
    this.attempt = 0;
    this.connect();
  }

  send(msg: ClientMessage): boolean {
    if (!this.ws || this.ws.readyState !== 1 || (this.state.phase !== "open" && msg.type !== "resume" && msg.type !== "ping")) return false;
    try {
      this.ws.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  private setState(st: ConnState): void {
    this.state = st;
    this.opts.onState(st);
  }

  private connect(): void {
    this.clearTimers();
    this.teardown(1000, "reconnect");
    this.setState({ phase: "connecting", attempt: this.attempt });
    let ws: WebSocket;
    try {
      ws = this.opts.socket ? this.opts.socket(this.opts.url) : new WebSocket(this.opts.url);
    } catch (e) {
      this.scheduleRetry(String(e));
      return;
    }
    this.ws = ws;
    this.lastError = "";
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastHeard = Date.now();
      this.buffer = [];
      this.setState({ phase: "syncing" });
      ws.send(JSON.stringify({ type: "resume", ...this.opts.resumePoint() }));
      this.replayTimer = setTimeout(() => {
        if (this.ws === ws && this.buffer !== null) this.drop(ws, "The server did not answer the resume request");
      }, this.opts.replayTimeout);
      this.pingTimer = setInterval(() => this.keepAlive(ws), this.opts.pingEvery);
    };
    ws.onmessage = (e: MessageEvent) => {
      if (this.ws !== ws) return;
      this.lastHeard = Date.now();
      let ev: ServerEvent;
      try {
        ev = JSON.parse(String(e.data)) as ServerEvent;
      } catch {
        return;
      }
      if (!ev || typeof ev !== "object" || typeof ev.type !== "string" || ev.type === "pong") return;
      if (this.buffer !== null) {
        if (ev.type === "resumed") {
          const events = this.buffer;
          this.buffer = null;
          if (this.replayTimer) clearTimeout(this.replayTimer);
          this.replayTimer = null;
          this.attempt = 0;
          this.setState({ phase: "open" });
          this.opts.onReplay(events, ev);
          return;
        }
        if (ev.type === "error" && !ev.seq) this.lastError = ev.content;
        this.buffer.push(ev);
        return;
      }
      this.opts.onEvent(ev);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (this.stopped) return;
      const reason = e.reason || this.lastError || (e.code === 1006 ? "The connection was lost" : `Closed (${e.code})`);
      if (fatalCodes.has(e.code)) {
        this.setState({ phase: "failed", reason });
        return;
      }
      this.scheduleRetry(reason);
    };
    ws.onerror = () => {
      // A close event always follows; it decides what to do.
    };
  }

  private keepAlive(ws: WebSocket): void {
    if (this.ws !== ws) return;
    if (Date.now() - this.lastHeard > this.opts.deadAfter) {
      this.drop(ws, "The server stopped answering");
      return;
    }
    try {
      ws.send(JSON.stringify({ type: "ping" }));
    } catch {
      // the close event will follow
    }
  }

  // drop gives up on a socket that seems dead and reconnects.
  private drop(ws: WebSocket, reason: string): void {
    if (this.ws !== ws) return;
    this.teardown(4001, "unresponsive");
    this.clearTimers();
    this.scheduleRetry(reason);
  }

  private scheduleRetry(reason: string): void {
    if (this.stopped) return;
    const base = backoff(this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.setState({ phase: "retrying", at: Date.now() + delay, attempt: this.attempt, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private teardown(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = null;
    this.buffer = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.replayTimer) clearTimeout(this.replayTimer);
    this.pingTimer = this.retryTimer = this.replayTimer = null;
  }
}
