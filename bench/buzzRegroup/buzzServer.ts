import type { ServerProcess } from '../../server/test/serverProcess.js';
import type { RoomId } from '../../shared/ids.js';
import { startBenchServer } from '../shared/benchServer.js';

export { serverErrors } from '../shared/benchServer.js';

const LOG_WAIT_MS = 5_000;

export type BuzzServer = {
  server: ServerProcess;
  sessionId: RoomId;
  /** An invitation token that makes its holder a moderator of the session. */
  moderatorInvitation: string;
};

/** What the server logged about one round's split or return (server/buzz/buzzService.ts). */
export type ServerTiming = { roundId: string; groups: number; members: number; tookMs: number };

/**
 * The bench's server (../shared/benchServer.ts) on the seeded session made
 * for buzz groups, with one media worker (the bots send no media), and a
 * moderator invitation to run the groups.
 */
export async function startBuzzServer(
  onOpened: (close: () => Promise<unknown>) => void,
  options: { profileDir?: string } = {},
): Promise<BuzzServer> {
  const { server, sessionId, invite } = await startBenchServer(onOpened, {
    session: 'buzz-groups',
    profileDir: options.profileDir,
    env: { MEDIA_WORKERS: '1' },
  });
  return { server, sessionId, moderatorInvitation: await invite('moderator') };
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
