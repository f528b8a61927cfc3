import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createTokenService } from '../../server/auth/tokens.js';
import { mintInvitation } from '../../server/test/invitations.js';
import { createTestDatabase } from '../../server/test/postgres.js';
import { spawnServer, type ServerProcess } from '../../server/test/serverProcess.js';
import type { Role } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';

/**
 * The server as production runs it (info logs included: they carry the
 * server's own timings), with the budgets that stop one person, or one
 * address, flooding a room lifted as in chatFanout/chatServers.ts: a
 * thousand people joining within seconds from the bots' one address must
 * not be what is measured.
 */
const SERVER_ENV = {
  LOG_LEVEL: 'info',
  RATE_SOCKET_EVENTS_PER_10S: '1000000',
  RATE_MESSAGES_PER_10S: '1000000',
  RATE_FLOOD_STRIKES_PER_10S: '1000000',
  RATE_JOINS_PER_10S: '1000000',
  RATE_ADDRESS_IDENTITIES_PER_MIN: '1000000',
  RATE_ADDRESS_JOINS_PER_MIN: '1000000',
  RATE_ADDRESS_MESSAGES_PER_10S: '1000000',
};
const profileHook = new URL('./cpuProfileHook.mjs', import.meta.url).href;

export type BenchServer = {
  server: ServerProcess;
  sessionId: RoomId;
  /** An invitation token for a role in the session, minted by the server as `npm run invite` asks for one. */
  invite(role: Role): Promise<string>;
};

/**
 * Starts one server process on a fresh PostgreSQL database (dropped at the
 * end) with a token secret of its own, so that the bench can ask it for
 * invitations the way `npm run invite` does. Everything started is handed
 * to `onOpened` as soon as it exists. With `profileDir`, the server writes
 * a V8 CPU profile there when it stops. `session` names the seeded room to
 * use (any listed room does if it is missing); `env` adds to the server's.
 */
export async function startBenchServer(
  onOpened: (close: () => Promise<unknown>) => void,
  options: { session: string; profileDir?: string; env?: Record<string, string> },
): Promise<BenchServer> {
  const database = await createTestDatabase();
  onOpened(() => database.drop());
  const tokenSecret = randomBytes(32).toString('hex');
  // A V8 CPU profile of the server, written when it stops (SIGTERM ends it with process.exit).
  const profile: Record<string, string> = options.profileDir
    ? { NODE_OPTIONS: `--import=${profileHook}`, BENCH_PROFILE_DIR: options.profileDir }
    : {};
  if (options.profileDir) await mkdir(options.profileDir, { recursive: true });
  const server = await spawnServer({ ...SERVER_ENV, ...options.env, ...profile, DATABASE_URL: database.url, TOKEN_SECRET: tokenSecret });
  onOpened(() => server.stop());
  const rooms = (await (await fetch(`${server.url}/api/rooms`)).json()) as RoomSummary[];
  const session = rooms.find((room) => room.id === options.session) ?? rooms[0];
  if (!session) throw new Error('the server lists no rooms');
  const sessionId = asRoomId(session.id);
  const tokens = createTokenService(tokenSecret);
  return {
    server,
    sessionId,
    invite: (role) => mintInvitation(server.url, tokens, sessionId, role, 2),
  };
}

/**
 * The server's error log lines (pino level ≥ 50) from `fromOffset` of its
 * output on, counted by message and error: why requests were answered
 * INTERNAL. Also returns the offset to continue from.
 */
export function serverErrors(server: ServerProcess, fromOffset: number): { errors: Record<string, number>; offset: number } {
  const output = server.output();
  // Whole lines only: a line still being written is read next time.
  const end = Math.max(fromOffset, output.lastIndexOf('\n') + 1);
  const errors: Record<string, number> = {};
  for (const line of output.slice(fromOffset, end).split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; event?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < 50) continue;
      // Prisma puts the cause on the last line of its message.
      const cause = entry.err?.message?.split('\n').filter((part) => part.trim()).at(-1)?.trim();
      const key = [entry.event, entry.msg, cause]
        .filter(Boolean)
        .join(': ');
      errors[key] = (errors[key] ?? 0) + 1;
    } catch {
      // Not a log line of ours (a stack trace, say).
    }
  }
  return { errors, offset: end };
}
