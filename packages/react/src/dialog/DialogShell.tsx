import { type KeyboardEvent, type ReactNode, useId, useLayoutEffect, useRef } from 'react';

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab wrap inside the dialog, so keyboard focus cycles its controls and never leaves. */
function trapFocus(event: KeyboardEvent<HTMLDialogElement>) {
  const dialog = event.currentTarget;
  if (event.key !== 'Tab') return;
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !(el as HTMLButtonElement).disabled,
  );
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey ? active === first || active === dialog : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

export interface DialogShellProps {
  open: boolean;
  title: string;
  /** The native dialog closed, however it was closed (a button, Esc). */
  onClose: () => void;
  children: ReactNode;
}

/**
 * A native modal `<dialog>` that follows `open`: the browser makes the page inert, closes on Esc and
 * draws the backdrop; the shell adds the title and the focus trap.
 */
export function DialogShell({ open, title, onClose, children }: DialogShellProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Before the steps' effects run, so the control a step focuses is in an open dialog.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="rk-dialog" aria-labelledby={titleId} onClose={onClose} onKeyDown={trapFocus}>
      {open ? (
        <div className="rk-dialog-body">
          <h2 id={titleId} className="rk-title">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
