import type { Role } from '../shared/events.js';
import { asRoomId } from '../shared/ids.js';
import { createTokenService, resolveTokenSecret } from '../server/auth/tokens.js';

/**
 * An invitation link's token, minted as `npm run invite` does: with the
 * secret the server keeps in its data directory (the shared e2e server's by
 * default).
 */
export async function invitationToken(
  roomId: string,
  role: Role,
  dataDir = process.env.CONVENE_E2E_DATA_DIR,
): Promise<string> {
  if (!dataDir) throw new Error('no data directory: run through playwright.config.ts');
  const tokens = createTokenService(await resolveTokenSecret(undefined, dataDir));
  return (await tokens.invite({ roomId: asRoomId(roomId), role, expiresInHours: 1 })).token;
}
