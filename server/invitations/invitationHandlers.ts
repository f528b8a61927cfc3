import type { RoomRegistry } from '../media/roomRegistry.js';
import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { InvitationStore } from './invitationStore.js';

export interface InvitationDeps {
  invitations: InvitationStore;
  audit: AuditLog;
  /** The session's live rooms, where people holding a revoked link lose its role at once. */
  registry: RoomRegistry;
}

/**
 * Moderators mint links to their session, see every link minted for it and
 * revoke any: whoever holds a revoked link's role in the session loses it
 * at once (they join again as participants). Links always point at the
 * server's own address (PUBLIC_URL): nothing a request says decides where
 * they lead.
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
    const { sessionId } = membership.room;
    const { invitation, changed } = await deps.invitations.revoke(sessionId, invitationId);
    // Revoked first, so that those taken out join again without the role.
    for (const room of deps.registry.ofSession(sessionId)) room.evictHoldersOf(invitationId);
    if (changed) {
      await deps.audit.record(membership, 'invitation.revoke', null, `${invitation.role} link by ${invitation.createdBy}`);
    }
    return invitation;
  });
}
