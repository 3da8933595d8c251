// Which interviewer runs: a model (and which), or the guided interview
// that needs none. The page never sees a key; /api/info names only the
// provider and the model.

import type { ProviderInfo } from "../protocol";

const names: Record<string, string> = {
  anthropic: "Claude",
  openai: "OpenAI",
  claudecli: "Claude Code",
  guided: "Guided interview",
};

export function providerLabel(info: ProviderInfo): string {
  const base = info.choice?.base_url;
  if (info.provider === "openai" && base && !/^https:\/\/api\.openai\.com(\/|$)/.test(base)) return "OpenAI-compatible";
  return names[info.provider] ?? info.provider;
}

// why is the step of the server's provider search that decided.
function why(info: ProviderInfo): string | undefined {
  const steps = info.choice?.steps ?? [];
  return [...steps].reverse().find((s) => s.includes("→")) ?? undefined;
}

export function ProviderBadge({ info }: { info: ProviderInfo | null }) {
  if (!info) return null;
  const guided = info.provider === "guided";
  return (
    <span class={`provider ${guided ? "provider-guided" : ""}`} data-testid="provider" title={why(info)}>
      <span class="sr-only">Interviewer: </span>
      <span class="provider-name">
        {guided ? (
          <>
            Guided<span class="provider-long"> interview</span>
          </>
        ) : (
          providerLabel(info)
        )}
      </span>
      {guided ? <span class="provider-model">no AI model</span> : info.model ? <code class="provider-model">{info.model}</code> : null}
    </span>
  );
}

/** GuidedNote explains guided mode and how to switch to a model. */
export function GuidedNote({ info, compact = false }: { info: ProviderInfo | null; compact?: boolean }) {
  if (!info || info.provider !== "guided") return null;
  return (
    <aside class={`note note-info ${compact ? "note-compact" : ""}`} aria-label="About guided mode" data-testid="guided-note">
      <p>
        <strong>Guided mode: no AI model is running.</strong> specwright asks its own fixed questions and writes the spec
        from your answers. To be interviewed by Claude instead, set <code>ANTHROPIC_API_KEY</code> and restart specwright
        (it then picks Anthropic by itself), or run <code>specwright serve --provider anthropic</code>. An OpenAI key
        (<code>OPENAI_API_KEY</code>) or a local server (<code>OPENAI_BASE_URL</code>) works too.
      </p>
      {!compact && info.choice?.steps && info.choice.steps.length > 0 ? (
        <details class="choice">
          <summary>How specwright chose</summary>
          <ul>
            {info.choice.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </aside>
  );
}
