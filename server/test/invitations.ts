import type { TokenService } from '../auth/tokens.js';
import type { Role } from '../../shared/events.js';
import type { CreateInvitationRequest } from '../../shared/http.js';
import { asRoomId } from '../../shared/ids.js';
import type { InvitationCreated } from '../../shared/invitations.js';

/**
 * An invitation link's token for a role in a session, minted by the running
 * server as `npm run invite` asks for one: signed by its invitation store and
 * on record like every link people get (listed, counted, revocable).
 * `tokens` holds the server's secret, which proves the request comes from
 * its operators.
 */
export async function mintInvitation(
  serverUrl: string,
  tokens: Pick<TokenService, 'signInvitationRequest'>,
  roomId: string,
  role: Role,
  expiresInHours = 1,
): Promise<string> {
  const request: CreateInvitationRequest = { roomId: asRoomId(roomId), role, expiresInHours };
  const response = await fetch(`${serverUrl}/api/invitations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.signInvitationRequest()}` },
    body: JSON.stringify(request),
  });
  if (response.status !== 201) throw new Error(`minting a ${role} link to ${roomId}: HTTP ${response.status} ${await response.text()}`);
  const { url } = (await response.json()) as InvitationCreated;
  const token = new URL(url).searchParams.get('invite');
  if (!token) throw new Error(`the server minted a link without a token: ${url}`);
  return token;
}
