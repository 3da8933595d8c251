// A modal question built on <dialog>: the browser traps focus, Escape
// cancels, and focus returns to where it was.

import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function ConfirmDialog({
  open,
  title,
  confirm,
  children,
  onConfirm,
  onCancel,
  onClosed,
}: {
  open: boolean;
  title: string;
  confirm: string;
  children: ComponentChildren;
  onConfirm: () => void;
  onCancel: () => void;
  // onClosed runs once the dialog has closed and the browser has given
  // the focus back, so a caller can move it somewhere better.
  onClosed?: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelBtn = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancelBtn.current?.focus();
    } else if (!open && d.open) {
      d.close();
      onClosed?.();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onCancel(); // a click on the backdrop
      }}
      data-testid="confirm-dialog"
    >
      <div class="dialog-body">
        <h2 id="dialog-title">{title}</h2>
        {children}
        <div class="dialog-actions">
          <button type="button" class="btn" ref={cancelBtn} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" class="btn btn-danger" onClick={onConfirm} data-testid="confirm">
            {confirm}
          </button>
        </div>
      </div>
    </dialog>
  );
}
