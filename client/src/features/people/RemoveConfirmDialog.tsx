import { ModalDialog } from '../dialogs/ModalDialog.js';

const TEXT = {
  title: (name: string) => `Remove ${name}?`,
  body: 'They leave the session now and cannot come back until a moderator re-admits them.',
  confirm: 'Remove',
  cancel: 'Cancel',
};

interface RemoveConfirmDialogProps {
  name: string;
  onConfirm(): void;
  onCancel(): void;
}

/** Removing someone is hard to undo for them: ask first. Cancel has the focus. */
export function RemoveConfirmDialog({ name, onConfirm, onCancel }: RemoveConfirmDialogProps) {
  return (
    <ModalDialog labelledBy="remove-heading" onDismiss={onCancel}>
      <h2 id="remove-heading">{TEXT.title(name)}</h2>
      <p>{TEXT.body}</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onCancel} autoFocus>
          {TEXT.cancel}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {TEXT.confirm}
        </button>
      </div>
    </ModalDialog>
  );
}
