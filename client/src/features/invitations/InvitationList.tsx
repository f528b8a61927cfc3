import { useEffect, useRef, useState } from 'react';
import type { InvitationInfo } from '../../../../shared/invitations.js';
import { useRoomSession } from '../../app/services.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { describeInvitation, revokeLabel } from './invitationText.js';

const TEXT = {
  heading: 'Links for this session',
  empty: 'No links yet.',
  revoke: 'Revoke',
  confirmTitle: 'Revoke this link?',
  confirmBody:
    'Nobody can use it any more, and people who came in with it join as participants from their next visit on. This cannot be undone.',
  revoked: 'Link revoked.',
};

interface InvitationListProps {
  invitations: InvitationInfo[];
  /** The server's answer to a revocation: the link as it now is. */
  onRevoked(invitation: InvitationInfo): void;
}

/** Every link minted for the session, newest first: its role and state, who made it, its uses, and a way to revoke it. */
export function InvitationList({ invitations, onRevoked }: InvitationListProps) {
  const session = useRoomSession();
  const [confirming, setConfirming] = useState<InvitationInfo | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // Its Revoke button, which had the focus, is gone: the revoked link itself takes it.
  const [focusedId, setFocusedId] = useState<string | null>(null);

  const revoke = async (invitation: InvitationInfo) => {
    setConfirming(null);
    const revoked = await session.perform('invitation:revoke', { invitationId: invitation.invitationId });
    if (!revoked) return;
    onRevoked(revoked);
    setAnnouncement(TEXT.revoked);
    setFocusedId(revoked.invitationId);
  };

  return (
    <section className="invitation-list" aria-labelledby="invitation-list-heading">
      <h3 id="invitation-list-heading">{TEXT.heading}</h3>
      {invitations.length === 0 ? (
        <p className="muted">{TEXT.empty}</p>
      ) : (
        <ul className="invitation-list__items">
          {invitations.map((invitation) => (
            <InvitationItem
              key={invitation.invitationId}
              invitation={invitation}
              hasFocus={invitation.invitationId === focusedId}
              onRevoke={() => setConfirming(invitation)}
            />
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {confirming && (
        <ConfirmDialog
          title={TEXT.confirmTitle}
          body={`${describeInvitation(confirming).title}: ${describeInvitation(confirming).details}. ${TEXT.confirmBody}`}
          confirmText={TEXT.revoke}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void revoke(confirming)}
        />
      )}
    </section>
  );
}

function InvitationItem({ invitation, hasFocus, onRevoke }: { invitation: InvitationInfo; hasFocus: boolean; onRevoke(): void }) {
  const { title, details } = describeInvitation(invitation);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (hasFocus) ref.current?.focus();
  }, [hasFocus]);
  return (
    <li
      ref={ref}
      // Focused by script only (after its revocation), so that the focus stays on this link in the dialog.
      tabIndex={-1}
      className="invitation-item"
      data-testid="invitation"
      data-status={invitation.status}
      data-role={invitation.role}
    >
      <div className="invitation-item__text">
        <span className="invitation-item__title">{title}</span>
        <span className="invitation-item__details">{details}</span>
      </div>
      {invitation.status === 'active' && (
        <button type="button" className="button button--secondary" aria-label={revokeLabel(invitation)} onClick={onRevoke}>
          {TEXT.revoke}
        </button>
      )}
    </li>
  );
}
