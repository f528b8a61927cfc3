import { invitationUrl, type TokenService } from '../auth/tokens.js';
import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';

export interface InvitationDeps {
  tokens: TokenService;
  audit: AuditLog;
  /** Where links point; without one, the address the moderator's browser used. */
  publicUrl: string | undefined;
}

/** Moderators mint invitation links to their own room. */
export function registerInvitationHandlers(on: RegisterHandler, deps: InvitationDeps): void {
  on('invitation:create', async ({ session, socket }, { role, expiresInHours }) => {
    const membership = session.requireMembership();
    const { room } = membership;
    const { token, invitation } = await deps.tokens.invite({ roomId: room.id, role, expiresInHours });
    await deps.audit.record(membership, 'invitation.create', null, `${role}, valid ${expiresInHours} h`);
    const origin = deps.publicUrl ?? socket.handshake.headers.origin ?? `http://${socket.handshake.headers.host}`;
    return { url: invitationUrl(origin, room.id, token), expiresAt: invitation.expiresAt.toISOString() };
  });
}
