// Renaming and deleting a project from the list, each behind a dialog:
// rename asks for the new name (checked as the server checks it), delete
// says what goes (the folder with the spec files, every interview and
// version) and needs the click on "Delete".

import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { nameProblem, type ProjectInfo } from "../protocol";
import { ConfirmDialog } from "./ConfirmDialog";

export function ProjectActions({ project, all, onDone }: { project: ProjectInfo; all: ProjectInfo[]; onDone: (focusName?: string) => void }) {
  const [mode, setMode] = useState<"" | "rename" | "delete">("");
  const [error, setError] = useState("");
  const [to, setTo] = useState(project.name);
  const input = useRef<HTMLInputElement>(null);
  const renameDialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = renameDialog.current;
    if (!d) return;
    if (mode === "rename" && !d.open) {
      d.showModal();
      input.current?.select();
    } else if (mode !== "rename" && d.open) d.close();
  }, [mode]);

  const problem = (n: string) => {
    const p = nameProblem(n);
    if (p) return p;
    const clash = all.find((x) => x.name !== project.name && x.name.toLowerCase() === n.toLowerCase());
    return clash ? `A project named “${clash.name}” already exists.` : null;
  };

  const rename = async (e: Event) => {
    e.preventDefault();
    const n = to.trim();
    const p = problem(n);
    if (p) {
      setError(p);
      return;
    }
    try {
      if (n !== project.name) await api.renameProject(project.name, n);
      setMode("");
      onDone(n);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const remove = async () => {
    try {
      await api.deleteProject(project.name);
      setMode("");
      onDone();
    } catch (err) {
      setError((err as Error).message);
      setMode("");
    }
  };

  return (
    <span class="project-actions">
      <button type="button" class="btn btn-small btn-ghost" onClick={() => (setTo(project.name), setError(""), setMode("rename"))} aria-label={`Rename ${project.name}`} data-testid="rename">
        Rename
      </button>
      <button type="button" class="btn btn-small btn-ghost" onClick={() => (setError(""), setMode("delete"))} aria-label={`Delete ${project.name}`} data-testid="delete">
        Delete
      </button>
      {error && mode === "" ? (
        <span class="field-error" role="alert">
          {error}
        </span>
      ) : null}
      <dialog
        ref={renameDialog}
        class="dialog"
        aria-labelledby={`rename-h-${project.name}`}
        onCancel={(e) => {
          e.preventDefault();
          setMode("");
        }}
        data-testid="rename-dialog"
      >
        <form class="dialog-body" onSubmit={rename} noValidate>
          <h2 id={`rename-h-${project.name}`}>Rename {project.name}</h2>
          <label for={`rename-${project.name}`}>New name</label>
          <input
            id={`rename-${project.name}`}
            ref={input}
            type="text"
            value={to}
            maxLength={50}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => (setTo((e.currentTarget as HTMLInputElement).value), setError(""))}
            aria-invalid={error ? "true" : "false"}
            aria-describedby={`rename-err-${project.name}`}
          />
          <p id={`rename-err-${project.name}`} class="field-error" role="alert">
            {error}
          </p>
          <p class="hint">The project's folder is renamed too; its interviews and versions go with it.</p>
          <div class="dialog-actions">
            <button type="button" class="btn" onClick={() => setMode("")}>
              Cancel
            </button>
            <button type="submit" class="btn btn-primary" data-testid="rename-confirm">
              Rename
            </button>
          </div>
        </form>
      </dialog>
      <ConfirmDialog open={mode === "delete"} title={`Delete ${project.name}?`} confirm="Delete" onCancel={() => setMode("")} onConfirm={remove}>
        <p>
          This removes the project's folder, with <code>app_spec.txt</code> and <code>initializer_prompt.md</code> in it, and every interview
          and version of <strong>{project.name}</strong>. It cannot be undone.
        </p>
      </ConfirmDialog>
    </span>
  );
}
