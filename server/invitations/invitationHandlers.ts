import { invitationUrl, type TokenService } from '../auth/tokens.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';

export interface InvitationDeps {
  tokens: TokenService;
  /** Where links point; without one, the address the moderator's browser used. */
  publicUrl: string | undefined;
}

/** Moderators mint invitation links to their own room. */
export function registerInvitationHandlers(on: RegisterHandler, deps: InvitationDeps): void {
  on('invitation:create', 'moderate', async ({ session, socket }, { role, expiresInHours }) => {
    const { room } = session.requireMembership();
    const { token, invitation } = await deps.tokens.invite({ roomId: room.id, role, expiresInHours });
    const origin = deps.publicUrl ?? socket.handshake.headers.origin ?? `http://${socket.handshake.headers.host}`;
    return { url: invitationUrl(origin, room.id, token), expiresAt: invitation.expiresAt.toISOString() };
  });
}
