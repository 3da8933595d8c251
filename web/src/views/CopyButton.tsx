// A button that copies text and says so for a moment.

import { useState } from "preact/hooks";
import { copyText } from "../clipboard";

export function CopyButton({ text, label, class: cls, testid }: { text: string | null; label: string; class: string; testid: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class={cls}
      aria-label={done ? "Copied" : label}
      disabled={text === null}
      onClick={() =>
        text !== null &&
        copyText(text).then((ok) => {
          setDone(ok);
          setTimeout(() => setDone(false), 1500);
        })
      }
      data-testid={testid}
    >
      {done ? "Copied" : "Copy"}
    </button>
  );
}
