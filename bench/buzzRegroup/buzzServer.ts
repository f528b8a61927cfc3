import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createTokenService } from '../../server/auth/tokens.js';
import { createTestDatabase } from '../../server/test/postgres.js';
import { spawnServer, type ServerProcess } from '../../server/test/serverProcess.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';

/**
 * The server as production runs it (info logs included: they carry the
 * server's own timings), with the budgets that stop one person flooding a
 * room lifted as in chatFanout/chatServers.ts: a thousand people joining
 * within a second from one address must not be what is measured.
 */
const SERVER_ENV = {
  LOG_LEVEL: 'info',
  MEDIA_WORKERS: '1',
  RATE_SOCKET_EVENTS_PER_10S: '1000000',
  RATE_MESSAGES_PER_10S: '1000000',
  RATE_FLOOD_STRIKES_PER_10S: '1000000',
};
/** The seeded session made for buzz groups; any listed room does if it is missing. */
const PREFERRED_SESSION = 'buzz-groups';
const LOG_WAIT_MS = 5_000;
const profileHook = new URL('./cpuProfileHook.mjs', import.meta.url).href;

export type BuzzServer = {
  server: ServerProcess;
  sessionId: RoomId;
  /** An invitation token that makes its holder a moderator of the session. */
  moderatorInvitation: string;
};

/** What the server logged about one round's split or return (server/buzz/buzzService.ts). */
export type ServerTiming = { roundId: string; groups: number; members: number; tookMs: number };

/**
 * Starts one server process on a fresh PostgreSQL database (dropped at the
 * end) with a token secret of its own, so that the bench can sign a
 * moderator invitation the way `npm run invite` does. Everything started
 * is handed to `onOpened` as soon as it exists. With `profileDir`, the
 * server writes a V8 CPU profile there when it stops.
 */
export async function startBuzzServer(
  onOpened: (close: () => Promise<unknown>) => void,
  options: { profileDir?: string } = {},
): Promise<BuzzServer> {
  const database = await createTestDatabase();
  onOpened(() => database.drop());
  const tokenSecret = randomBytes(32).toString('hex');
  // A V8 CPU profile of the server, written when it stops (SIGTERM ends it with process.exit).
  const profile: Record<string, string> = options.profileDir
    ? { NODE_OPTIONS: `--import=${profileHook}`, BUZZ_REGROUP_PROFILE_DIR: options.profileDir }
    : {};
  if (options.profileDir) await mkdir(options.profileDir, { recursive: true });
  const server = await spawnServer({ ...SERVER_ENV, ...profile, DATABASE_URL: database.url, TOKEN_SECRET: tokenSecret });
  onOpened(() => server.stop());
  const rooms = (await (await fetch(`${server.url}/api/rooms`)).json()) as RoomSummary[];
  const session = rooms.find((room) => room.id === PREFERRED_SESSION) ?? rooms[0];
  if (!session) throw new Error('the server lists no rooms');
  const sessionId = asRoomId(session.id);
  const { token } = await createTokenService(tokenSecret).invite({ roomId: sessionId, role: 'moderator', expiresInHours: 2 });
  return { server, sessionId, moderatorInvitation: token };
}

/**
 * The server's own timing of a round's split (`'buzz groups started'`) or
 * return (`'buzz groups ended'`), read from its JSON log on stdout; waits
 * briefly for the line, which may trail the events it times.
 */
export async function serverTiming(
  server: ServerProcess,
  message: 'buzz groups started' | 'buzz groups ended',
  roundId: string,
): Promise<ServerTiming | undefined> {
  const deadline = Date.now() + LOG_WAIT_MS;
  for (;;) {
    const found = findLogLine(server.output(), message, roundId);
    if (found || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function findLogLine(output: string, message: string, roundId: string): ServerTiming | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(message) || !line.includes(roundId)) continue;
    try {
      const entry = JSON.parse(line) as Partial<ServerTiming> & { msg?: string };
      if (entry.msg === message && entry.roundId === roundId && typeof entry.tookMs === 'number') {
        return { roundId, groups: entry.groups ?? 0, members: entry.members ?? 0, tookMs: entry.tookMs };
      }
    } catch {
      // Not a log line of ours (a stack trace, say).
    }
  }
  return undefined;
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
