import { useId } from 'react';
import { ModalDialog } from './ModalDialog.js';

interface ConfirmDialogProps {
  title: string;
  body: string;
  confirmText: string;
  cancelText?: string;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before something that cannot be undone. Cancel has the focus, so Enter does no harm. */
export function ConfirmDialog({ title, body, confirmText, cancelText = 'Cancel', onConfirm, onCancel }: ConfirmDialogProps) {
  const headingId = useId();
  return (
    <ModalDialog labelledBy={headingId} onDismiss={onCancel}>
      <h2 id={headingId}>{title}</h2>
      <p>{body}</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onCancel} autoFocus>
          {cancelText}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirmText}
        </button>
      </div>
    </ModalDialog>
  );
}
