import type { Role } from '../../../../shared/events.js';
import type { InvitationState } from './useInvitation.js';

const TEXT = {
  checking: 'Checking your invitation…',
  invitedAs: (role: Role) => `You are invited as ${role === 'participant' ? 'a participant' : `a ${role}`}.`,
  stage: 'You will join on stage: others will see and hear you. Check your camera and microphone below.',
  audience:
    'You will join the audience with your microphone and camera off, and nothing is sent. You can raise your hand; if a moderator invites you on stage, the devices chosen here will be used.',
};

/** Tells people, before they join, where they will sit and what others will see of them. */
export function SeatNote({ invitation }: { invitation: InvitationState }) {
  if (invitation.status === 'checking') return <p className="muted">{TEXT.checking}</p>;
  const role = invitation.status === 'valid' ? invitation.summary.role : 'participant';
  const isStage = role === 'speaker' || role === 'moderator';
  return (
    <div className="seat-note" data-testid="seat-note">
      {invitation.status === 'valid' && <p className="seat-note__role">{TEXT.invitedAs(role)}</p>}
      {invitation.status === 'invalid' && (
        <p className="notice notice--error" role="alert">
          {invitation.message}
        </p>
      )}
      <p>{isStage ? TEXT.stage : TEXT.audience}</p>
    </div>
  );
}
