// The connection's state, always visible, with a countdown and a way to
// retry at once while reconnecting.

import { useEffect, useState } from "preact/hooks";
import type { ConnState } from "../connection";

export function ConnectionPill({ state, onRetry }: { state: ConnState; onRetry: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (state.phase !== "retrying") return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [state.phase]);

  let label: string;
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
      const s = Math.max(0, Math.ceil((state.at - now) / 1000));
      label = s > 0 ? `Connection lost · retrying in ${s} s` : "Connection lost · retrying…";
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
