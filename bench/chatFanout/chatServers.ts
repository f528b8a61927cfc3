import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { createTestDatabase } from '../../server/test/postgres.js';
import { freePort, spawnServer, type ServerProcess } from '../../server/test/serverProcess.js';
import type { RoomSummary } from '../../shared/http.js';

/**
 * The server as production runs it, with the budgets that stop one person
 * flooding a room lifted: every bot is one person, and the senders post far
 * more than the default 10 messages per 10 s each.
 */
const SERVER_ENV = {
  LOG_LEVEL: 'warn',
  MEDIA_WORKERS: '1',
  RATE_SOCKET_EVENTS_PER_10S: '1000000',
  RATE_MESSAGES_PER_10S: '1000000',
  RATE_FLOOD_STRIKES_PER_10S: '1000000',
};

export type ChatServers = {
  servers: ServerProcess[];
  roomId: string;
  /** The Redis server's pid, when this run started its own. */
  redisPid: number | undefined;
};

/** Something to close at the end; the caller closes them newest first. */
export type Closer = () => Promise<unknown>;

/**
 * Starts `processes` server processes on one fresh PostgreSQL database; two
 * processes share a Redis (the given URL, or a private `redis-server` this
 * function starts). Everything started is handed to `onOpened` as soon as
 * it exists, so it is cleaned up even if a later start fails.
 */
export async function startChatServers(
  processes: 1 | 2,
  redisUrl: string | undefined,
  onOpened: (close: Closer) => void,
): Promise<ChatServers> {
  const database = await createTestDatabase();
  onOpened(() => database.drop());
  let redisPid: number | undefined;
  const env: Record<string, string> = { ...SERVER_ENV, DATABASE_URL: database.url, TOKEN_SECRET: randomBytes(32).toString('hex') };
  if (processes === 2) {
    if (redisUrl) {
      await assertRedisReachable(redisUrl);
      env.REDIS_URL = redisUrl;
    } else {
      const redis = await startPrivateRedis(onOpened);
      env.REDIS_URL = redis.url;
      redisPid = redis.pid;
    }
  }
  const servers: ServerProcess[] = [];
  // One at a time: the first applies the migrations.
  for (let i = 0; i < processes; i++) {
    // CONVENE_SERVER_ROOT: another checkout's server (an older commit, for a before-and-after), as in the faults bench.
    const server = await spawnServer(env, { root: process.env.CONVENE_SERVER_ROOT || undefined });
    onOpened(() => server.stop());
    servers.push(server);
  }
  const rooms = (await (await fetch(`${servers[0]!.url}/api/rooms`)).json()) as RoomSummary[];
  if (!rooms[0]) throw new Error('the server lists no rooms');
  return { servers, roomId: rooms[0].id, redisPid };
}

/**
 * A Redis of this run's own. The Socket.IO Redis adapter publishes on
 * channels named after the namespace and the room (`socket.io#/#people-power#`),
 * and pub/sub ignores Redis database numbers: on a shared Redis, any other
 * convene server running at the same time (integration tests, say) would
 * receive every benchmark message, and its traffic ours.
 */
async function startPrivateRedis(onOpened: (close: Closer) => void): Promise<{ url: string; pid: number }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (!spawned) {
    throw new Error('redis-server is not installed: install it, or pass --redis-url=redis://… to use a running Redis');
  }
  onOpened(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await assertRedisReachable(url);
      return { url, pid: child.pid! };
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`redis-server on port ${port} did not start: ${stderr || String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function assertRedisReachable(url: string): Promise<void> {
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 3_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${url}`, { cause: error });
  }
  await client.quit();
}
