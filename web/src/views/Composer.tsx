// The input box: Enter sends, Shift+Enter starts a new line (and Enter
// that confirms an IME composition does nothing), images and documents by
// button (the paperclip), paste or drop, shown as chips.

import { useEffect, useRef, useState } from "preact/hooks";
import { ACCEPT, fileProblem, isDocument, totalProblem, type Picked } from "../attachments";

export interface ComposerProps {
  canSend: boolean; // connected and no reply running
  why: string; // why sending is not possible now, when it is not
  busy: boolean; // a reply is running: offer Stop
  placeholder: string;
  restore: { text: string; at: number } | null;
  // drop, when it changes, takes a restored text back out of the box (the
  // interview it belonged to was replaced in another tab).
  drop?: number;
  // draft names where the text being typed is kept for the tab, so a
  // reload does not lose it.
  draft?: string;
  onSend: (text: string, files: Picked[]) => boolean;
  onStop: () => void;
}

let nextId = 1;

export function Composer({ canSend, why, busy, placeholder, restore, drop = 0, draft, onSend, onStop }: ComposerProps) {
  const [text, setText] = useState(() => readDraft(draft));
  const restored = useRef("");
  const [files, setFiles] = useState<Picked[]>([]);
  const [problem, setProblem] = useState("");
  const [dragging, setDragging] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  // A refused or lost message comes back into the box.
  useEffect(() => {
    if (restore) {
      setText((t) => {
        const next = t.trim() ? t : restore.text;
        writeDraft(draft, next);
        return next;
      });
      restored.current = restore.text;
      area.current?.focus();
    }
  }, [restore?.at]);

  useEffect(() => {
    if (drop > 0 && restored.current) {
      const gone = restored.current;
      setText((t) => {
        const next = t === gone ? "" : t;
        writeDraft(draft, next);
        return next;
      });
      restored.current = "";
    }
  }, [drop]);

  // The draft is kept at each change, not in an effect: a reload right
  // after a keystroke must find it.
  const type = (t: string) => {
    setText(t);
    writeDraft(draft, t);
  };

  const revoke = (f: Picked) => f.preview && URL.revokeObjectURL(f.preview);
  useEffect(() => () => files.forEach(revoke), []);

  const add = (list: FileList | File[]) => {
    const next: Picked[] = [];
    const problems: string[] = [];
    for (const f of Array.from(list)) {
      const p = fileProblem(f);
      if (p) problems.push(p);
      else next.push({ id: `f${nextId++}`, file: f, preview: isDocument(f) ? "" : URL.createObjectURL(f) });
    }
    const all = [...files, ...next];
    const tooBig = totalProblem(
      all.map((f) => f.file.size),
      text.length * 3,
    );
    if (tooBig) {
      next.forEach(revoke);
      problems.push(tooBig);
    } else {
      setFiles(all);
    }
    setProblem(problems.join(" "));
  };

  const remove = (id: string) => {
    setFiles((fs) => {
      const f = fs.find((x) => x.id === id);
      if (f) revoke(f);
      return fs.filter((x) => x.id !== id);
    });
    setProblem("");
    area.current?.focus();
  };

  const send = () => {
    const t = text.trim();
    if (!canSend || (t === "" && files.length === 0)) return;
    if (onSend(t, files)) {
      type("");
      setFiles([]); // the previews now belong to the sent message
      setProblem("");
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      send();
    }
  };

  const onPaste = (e: ClipboardEvent) => {
    const items = e.clipboardData?.files;
    if (items && items.length > 0) {
      e.preventDefault();
      add(items);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer?.files?.length) add(e.dataTransfer.files);
  };

  const empty = text.trim() === "" && files.length === 0;

  return (
    <form
      class={`composer ${dragging ? "composer-drop" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {files.length > 0 ? (
        <ul class="chips" aria-label="Files to send">
          {files.map((f) => (
            <li key={f.id} class="chip chip-image" data-testid="chip">
              {f.preview ? <img src={f.preview} alt="" /> : <span class="chip-doc" aria-hidden="true">📄</span>}
              <span class="chip-name">{f.file.name}</span>
              <button type="button" class="chip-remove" aria-label={`Remove ${f.file.name}`} onClick={() => remove(f.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <p class="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div class="composer-row">
        <button
          type="button"
          class="icon-btn"
          aria-label="Attach images (JPEG or PNG, up to 5 MB) or documents (md, txt, csv, docx, xlsx, pptx, pdf)"
          title="Attach images (JPEG or PNG, up to 5 MB) or documents (md, txt, csv, docx, xlsx, pptx, pdf)"
          onClick={() => picker.current?.click()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
          </svg>
        </button>
        <input
          ref={picker}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const el = e.currentTarget as HTMLInputElement;
            if (el.files) add(el.files);
            el.value = "";
          }}
        />
        <label for="composer-text" class="sr-only">
          Your message
        </label>
        <textarea
          id="composer-text"
          ref={area}
          rows={1}
          value={text}
          placeholder={placeholder}
          onInput={(e) => type((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          aria-describedby="composer-help"
          maxLength={100000}
        />
        {busy ? (
          <button type="button" class="btn btn-stop" onClick={onStop} data-testid="stop">
            <span aria-hidden="true" class="stop-square" />
            Stop
          </button>
        ) : (
          <button type="submit" class="btn btn-primary btn-send" disabled={!canSend || empty} data-testid="send">
            Send
          </button>
        )}
      </div>
      <p id="composer-help" class="composer-help hint">
        {!canSend && why ? <span class="composer-why">{why} · </span> : null}
        <kbd>Enter</kbd> to send, <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
      </p>
    </form>
  );
}

function readDraft(key: string | undefined): string {
  if (!key) return "";
  try {
    return sessionStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function writeDraft(key: string | undefined, text: string): void {
  if (!key) return;
  try {
    if (text) sessionStorage.setItem(key, text);
    else sessionStorage.removeItem(key);
  } catch {
    // a full or disabled storage only loses the draft
  }
}
