/**
 * Mints an invitation link: `npm run invite -- <room-id> <role> [hours]`.
 *
 * Until accounts exist, this is how an organiser gets the first moderator
 * link for a session; moderators then invite speakers from inside the room.
 * The running server mints it, so the link is on record like the ones
 * moderators create: listed in the room's "Invite people" dialog with its
 * uses, and revocable there. This command proves it may ask by signing a
 * short-lived request with the server's secret (TOKEN_SECRET, or the one the
 * server generated in DATA_DIR), and reaches the server at its own address
 * on this machine (HOST and PORT); the link itself points at PUBLIC_URL.
 */
import { ROLES, type Role } from '../shared/events.js';
import type { CreateInvitationRequest, RoomSummary } from '../shared/http.js';
import { roomIdSchema } from '../shared/ids.js';
import { MAX_LIFETIME_HOURS, type InvitationCreated } from '../shared/invitations.js';
import { createTokenService, resolveTokenSecret } from '../server/auth/tokens.js';
import { loadConfig, localUrl } from '../server/config.js';

const [roomArg, roleArg = 'moderator', hoursArg] = process.argv.slice(2);
const usage =
  `Usage: npm run invite -- <room-id> <${ROLES.join('|')}> [hours]\n` +
  '  hours: how long the link works (default 24 for moderators, 72 for others; at most INVITATION_MAX_HOURS)';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const room = roomIdSchema.safeParse(roomArg);
const role = ROLES.find((candidate) => candidate === roleArg) as Role | undefined;
const hours = hoursArg === undefined ? undefined : Number(hoursArg);
if (!room.success || !role || (hours !== undefined && (!Number.isInteger(hours) || hours < 1 || hours > MAX_LIFETIME_HOURS))) {
  fail(usage, 2);
}

const config = loadConfig();
const server = localUrl(config.host, config.port);
const tokens = createTokenService(await resolveTokenSecret(config.tokenSecret, config.dataDir));

/** The server's answer, or a message saying it could not be reached. */
async function call(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(`${server}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch {
    return fail(`The server does not answer at ${server}. Start it (npm run up) with the same settings, then run this again.`);
  }
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `${response.status} ${response.statusText}`;
}

const request: CreateInvitationRequest = { roomId: room.data, role, ...(hours === undefined ? {} : { expiresInHours: hours }) };
const response = await call('/api/invitations', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.signInvitationRequest()}` },
  body: JSON.stringify(request),
});

if (response.status === 404) {
  const rooms = (await (await call('/api/rooms')).json()) as RoomSummary[];
  const known = rooms.map((known) => `  ${known.id}  (${known.title})`).join('\n');
  fail(`No session has the id "${room.data}". The sessions on this server are:\n${known || '  (none)'}`);
}
if (response.status === 401) {
  fail(`The server at ${server} did not accept this command: run it with the server's TOKEN_SECRET (or DATA_DIR).`);
}
if (!response.ok) fail(`The server refused: ${await errorMessage(response)}.`);

const created = (await response.json()) as InvitationCreated;
process.stderr.write(`A ${role} invitation to "${room.data}", valid until ${created.expiresAt}:\n`);
process.stdout.write(`${created.url}\n`);
