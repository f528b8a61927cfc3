/**
 * Mints an invitation link: `npm run invite -- <room-id> <role> [hours]`.
 *
 * Until accounts exist, this is how an organiser gets the first moderator
 * link for a session; moderators then invite speakers from inside the room.
 * It reads the same settings as the server (TOKEN_SECRET, or the secret the
 * server generated in DATA_DIR; PUBLIC_URL or PORT for the address) and does
 * not open the database, so it is safe to run while the server is up.
 */
import { ROLES, type Role } from '../shared/events.js';
import { roomIdSchema } from '../shared/ids.js';
import { createTokenService, invitationUrl, resolveTokenSecret } from '../server/auth/tokens.js';
import { loadConfig } from '../server/config.js';

const [roomArg, roleArg = 'moderator', hoursArg = '72'] = process.argv.slice(2);
const usage = `Usage: npm run invite -- <room-id> <${ROLES.join('|')}> [hours, default 72]`;

const room = roomIdSchema.safeParse(roomArg);
const role = ROLES.find((candidate) => candidate === roleArg) as Role | undefined;
const hours = Number(hoursArg);
if (!room.success || !role || !Number.isInteger(hours) || hours < 1 || hours > 24 * 90) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

const config = loadConfig();
const tokens = createTokenService(await resolveTokenSecret(config.tokenSecret, config.dataDir));
const { token, invitation } = await tokens.invite({ roomId: room.data, role, expiresInHours: hours });
const base = config.publicUrl ?? `http://localhost:${config.port}`;
process.stderr.write(`A ${role} invitation to "${room.data}", valid until ${invitation.expiresAt.toISOString()}:\n`);
process.stdout.write(`${invitationUrl(base, room.data, token)}\n`);
