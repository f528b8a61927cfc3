import type { Role } from '../shared/events.js';
import { createTokenService, resolveTokenSecret } from '../server/auth/tokens.js';
import { mintInvitation } from '../server/test/invitations.js';
import { E2E_PORT } from './testEnvironment.js';

/** A server to ask for invitation links: where it listens, and the data directory that holds its secret. */
export interface InvitingServer {
  baseURL: string;
  dataDir: string;
}

/** The server playwright.config.ts starts for the run. */
function sharedServer(): InvitingServer {
  const dataDir = process.env.CONVENE_E2E_DATA_DIR;
  if (!dataDir) throw new Error('no data directory: run through playwright.config.ts');
  return { baseURL: `http://127.0.0.1:${E2E_PORT}`, dataDir };
}

/**
 * An invitation link's token, minted by the running server as `npm run
 * invite` asks for one (with the secret it keeps in its data directory): on
 * record like every link people get. The shared e2e server's unless
 * `server` names another.
 */
export async function invitationToken(roomId: string, role: Role, server: InvitingServer = sharedServer()): Promise<string> {
  const tokens = createTokenService(await resolveTokenSecret(undefined, server.dataDir));
  return mintInvitation(server.baseURL, tokens, roomId, role);
}
