import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { InvitationStore } from './invitationStore.js';

export interface InvitationDeps {
  invitations: InvitationStore;
  audit: AuditLog;
}

/**
 * Moderators mint links to their session, see every link minted for it and
 * revoke any. Links always point at the server's own address (PUBLIC_URL):
 * nothing a request says decides where they lead.
 */
export function registerInvitationHandlers(on: RegisterHandler, deps: InvitationDeps): void {
  on('invitation:create', async ({ session }, { role, expiresInHours }) => {
    const membership = session.requireMembership();
    const { userId, displayName } = session.identity;
    const created = await deps.invitations.mint({
      roomId: membership.room.sessionId,
      role,
      expiresInHours,
      by: { userId, displayName },
    });
    await deps.audit.record(membership, 'invitation.create', null, `${role}, valid ${expiresInHours} h`);
    return created;
  });

  on('invitation:list', ({ session }) => deps.invitations.list(session.requireMembership().room.sessionId));

  on('invitation:revoke', async ({ session }, { invitationId }) => {
    const membership = session.requireMembership();
    const { invitation, changed } = await deps.invitations.revoke(membership.room.sessionId, invitationId);
    if (changed) {
      await deps.audit.record(membership, 'invitation.revoke', null, `${invitation.role} link by ${invitation.createdBy}`);
    }
    return invitation;
  });
}
