import type { SpecStatus } from "../protocol";

const text: Record<SpecStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  complete: "Complete",
  error: "Needs fixes",
};

export function StatusBadge({ status, features }: { status: SpecStatus; features?: number | null }) {
  const label = text[status] ?? status;
  return (
    <span class={`badge badge-${status}`} data-status={status}>
      {label}
      {status === "complete" && features ? <span class="badge-extra"> · {features} features</span> : null}
    </span>
  );
}
