import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * An in-page confirmation for a destructive action: a modal `<dialog>` (the rest of the page
 * is inert while it is open), named by its title and described by its text. Focus starts on
 * Cancel, Escape cancels, and on closing focus goes back to what opened it, or to `fallback`
 * when that is gone (the removed row's button).
 */
export interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  /** The confirm button's text while the action runs. */
  busyLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  fallback?: () => HTMLElement | null;
  testId?: string;
  children: ComponentChildren;
}

export function ConfirmDialog({ title, confirmLabel, busyLabel, busy = false, onConfirm, onCancel, fallback, testId, children }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const fallbackRef = useRef(fallback);
  fallbackRef.current = fallback;

  /** Closes the dialog first (so the page is no longer inert), then gives focus back. Safe to call twice. */
  const closed = useRef(false);
  const close = () => {
    if (closed.current) return;
    closed.current = true;
    const element = dialog.current;
    if (element?.open) element.close();
    const back = opener.current?.isConnected ? opener.current : fallbackRef.current?.();
    back?.focus();
  };
  useLayoutEffect(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    cancel.current?.focus();
    return close;
  }, []);
  const dismiss = () => {
    if (busy) return;
    close();
    onCancel();
  };

  return (
    <dialog
      ref={dialog}
      class="confirm"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        dismiss();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div id="confirm-text">{children}</div>
      <div class="actions">
        <button type="button" ref={cancel} class="secondary" onClick={dismiss} disabled={busy}>Cancel</button>
        <button type="button" class="danger" onClick={onConfirm} disabled={busy}>{busy ? busyLabel : confirmLabel}</button>
      </div>
    </dialog>
  );
}
