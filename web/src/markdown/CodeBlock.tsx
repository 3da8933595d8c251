// A fenced code block: highlighted (see highlight.ts), scrollable, with a
// button that copies the code as written.

import { useMemo, useState } from "preact/hooks";
import { copyText } from "../clipboard";
import { highlight } from "./highlight";

export function CodeBlock({ lang, text }: { lang: string; text: string }) {
  const pieces = useMemo(() => highlight(text, lang), [text, lang]);
  const [copied, setCopied] = useState(false);
  return (
    <div class="md-code">
      <button
        type="button"
        class="btn btn-small btn-ghost copy-btn"
        aria-label={copied ? "Copied" : "Copy the code"}
        onClick={() =>
          copyText(text).then((ok) => {
            setCopied(ok);
            setTimeout(() => setCopied(false), 1500);
          })
        }
        data-testid="copy-code"
      >
        {copied ? "Copied" : "Copy"}
      </button>
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
