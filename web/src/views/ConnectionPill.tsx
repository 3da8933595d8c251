// The connection's state, always visible, with a countdown and a way to
// retry at once while reconnecting.

import { useEffect, useState } from "preact/hooks";
import type { ConnState } from "../connection";

/** secondsLeft is the countdown shown until a retry at `at`, never below 0. */
export function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionPill({ state, onRetry }: { state: ConnState; onRetry: () => void }) {
  // The clock only makes the pill redraw; the countdown is computed from
  // the time of each drawing, so its first number is never stale.
  const [, tick] = useState(0);
  useEffect(() => {
    if (state.phase !== "retrying") return;
    const t = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(t);
  }, [state.phase]);

  let label: preact.ComponentChildren;
  let tone: string;
  switch (state.phase) {
    case "open":
      label = "Connected";
      tone = "ok";
      break;
    case "connecting":
    case "syncing":
      label = state.phase === "syncing" ? "Catching up…" : "Connecting…";
      tone = "wait";
      break;
    case "retrying": {
      const s = secondsLeft(state.at, Date.now());
      label = (
        <>
          <span class="conn-long">Connection lost · </span>
          {s > 0 ? `retrying in ${s} s` : "retrying…"}
        </>
      );
      tone = "bad";
      break;
    }
    case "failed":
      label = `Not connected: ${state.reason}`;
      tone = "bad";
      break;
  }
  return (
    <span class={`conn conn-${tone}`} data-testid="connection" data-phase={state.phase}>
      <span class="conn-dot" aria-hidden="true" />
      <span role="status" class="conn-label">
        {label}
      </span>
      {state.phase === "retrying" ? (
        <button type="button" class="link-btn" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </span>
  );
}
