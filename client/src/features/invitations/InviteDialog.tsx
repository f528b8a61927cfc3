import type { InvitationCreated, InvitationInfo } from '../../../../shared/invitations.js';
import { ModalDialog } from '../dialogs/ModalDialog.js';
import { InvitationList } from './InvitationList.js';
import { InviteForm } from './InviteForm.js';
import { useInvitationList } from './useInvitationList.js';

const TEXT = {
  title: 'Invite people',
  intro: 'Create a link that lets someone join this session with a role. Anyone holding the link gets the role, until it expires or you revoke it.',
  loading: 'Loading the links…',
  failed: 'The links could not be loaded.',
  retry: 'Try again',
  close: 'Close',
};

/** Moderators: mint an invitation link for a role, copy it, and see and revoke the session's links. */
export function InviteDialog({ onClose }: { onClose(): void }) {
  const { state, reload, put } = useInvitationList();
  const onCreated = (created: InvitationCreated) => put(created.invitation);
  const onRevoked = (invitation: InvitationInfo) => put(invitation);

  return (
    <ModalDialog labelledBy="invite-heading" onDismiss={onClose} className="dialog--wide">
      <h2 id="invite-heading">{TEXT.title}</h2>
      <p>{TEXT.intro}</p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          {TEXT.loading}
        </p>
      )}
      {state.status === 'failed' && (
        <div className="actions">
          <p className="notice notice--error">{TEXT.failed}</p>
          <button type="button" className="button" onClick={reload}>
            {TEXT.retry}
          </button>
        </div>
      )}
      {state.status === 'loaded' && (
        <>
          <InviteForm limits={state.list.limits} onCreated={onCreated} />
          <InvitationList invitations={state.list.invitations} onRevoked={onRevoked} />
        </>
      )}
      <div className="actions dialog__footer">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {TEXT.close}
        </button>
      </div>
    </ModalDialog>
  );
}
