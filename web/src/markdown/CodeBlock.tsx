// A fenced code block: highlighted (see highlight.ts), scrollable, with a
// button that copies the code as written.

import { useMemo } from "preact/hooks";
import { CopyButton } from "../views/CopyButton";
import { highlight } from "./highlight";

export function CodeBlock({ lang, text }: { lang: string; text: string }) {
  const pieces = useMemo(() => highlight(text, lang), [text, lang]);
  return (
    <div class="md-code">
      <CopyButton text={text} label="Copy the code" class="btn btn-small btn-ghost copy-btn" testid="copy-code" />
      <pre class="md-pre" tabIndex={0} data-lang={lang || undefined}>
        <code>
          {pieces.map((p, i) =>
            p.types.length ? (
              <span key={i} class={p.types.map((t) => `tok-${t.replace(/[^a-z0-9-]/gi, "")}`).join(" ")}>
                {p.text}
              </span>
            ) : (
              p.text
            ),
          )}
        </code>
      </pre>
    </div>
  );
}
