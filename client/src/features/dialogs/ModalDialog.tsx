import { useEffect, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  /** Id of the dialog's heading (its accessible name). */
  labelledBy: string;
  /** Escape, or the person dismissed it some other way. */
  onDismiss(): void;
  className?: string;
  children: ReactNode;
}

/**
 * A modal dialog on the native `<dialog>`: the browser keeps focus inside
 * (the page behind is inert) and Escape dismisses it. Focus goes back to
 * where it was when the dialog closes, which the browser does not do when
 * the element is simply removed.
 */
export function ModalDialog({ labelledBy, onDismiss, className, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onDismissRef = useRef(onDismiss);
  useEffect(() => {
    onDismissRef.current = onDismiss;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const onCancel = (event: Event) => {
      // React removes the dialog when its owner says so; the browser must not close it behind React's back.
      event.preventDefault();
      onDismissRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={className ? `dialog ${className}` : 'dialog'} aria-labelledby={labelledBy}>
      {children}
    </dialog>
  );
}
