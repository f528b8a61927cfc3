import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Role } from '../../shared/events.js';
import { createTokenService } from '../auth/tokens.js';
import { connectClient, issueToken, type TestSocket } from './testClient.js';
import { mintInvitation } from './invitations.js';
import { createTestDatabase } from './postgres.js';
import { freePort, spawnServer, type ServerProcess } from './serverProcess.js';

/** The test Redis server (a test that starts a server on it passes this as REDIS_URL). */
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connection to the test Redis server (`TEST_REDIS_URL`, default local
 * port 6379). Multi-process tests need the real server: when it cannot be
 * reached this throws (never skips), saying how to start it.
 */
export async function requireRedis() {
  // A refused connection fails at once; the ceiling is for a server too busy to answer quickly.
  const client = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 30_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    throw new Error(
      `Redis is required for this test and is not reachable at ${redisUrl} (set TEST_REDIS_URL). ` +
        'Start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n' +
        'or run the tests with a private one: bash scripts/test-services.sh npx vitest run <file>',
    );
  }
  return client;
}

/** Two server processes sharing one fresh PostgreSQL database and the test Redis. */
export interface ServerPair {
  first: ServerProcess;
  second: ServerProcess;
  /** The database both use (a test reads what they recorded). */
  databaseUrl: string;
  /** The prefix of their Redis keys and channels. */
  redisKeyPrefix: string;
  /** An invitation link's token for a role in a session, minted by the first process (on record for both). */
  invite(roomId: string, role: Role): Promise<string>;
  /**
   * Connects a person to `server`: a new identity (a moderator of
   * `moderatorOf`, by an invitation minted for them) or, with `token`, one
   * already issued. The socket is disconnected by {@link stop}.
   */
  connect(
    server: ServerProcess,
    name: string,
    options?: { token?: string | undefined; moderatorOf?: string | undefined },
  ): Promise<{ socket: TestSocket; token: string }>;
  /** Disconnects the sockets it connected, stops both processes and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts two real server processes on Redis, as a multi-process deployment
 * runs. They get Redis channels and keys of their own (a random
 * REDIS_KEY_PREFIX), so nothing else on the same Redis reaches them.
 */
export async function startServerPair(env: Record<string, string> = {}): Promise<ServerPair> {
  const redis = await requireRedis();
  await redis.quit();
  const database = await createTestDatabase();
  const tokenSecret = randomBytes(32).toString('hex');
  const ports = [await freePort(), await freePort()] as const;
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    TOKEN_SECRET: tokenSecret,
    // As a deployment must: each process's pages may connect to the other
    // (a buzz group's members are sent to the process where it meets).
    CSP_CONNECT_SOURCES: ports.map((port) => `http://localhost:${port}`).join(' '),
    ...env,
  };
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
    await database.drop();
  };
  try {
    // One at a time: the first applies the migrations.
    started.push(await spawnServer(shared, { port: ports[0] }));
    started.push(await spawnServer(shared, { port: ports[1] }));
  } catch (error) {
    await stop();
    throw error;
  }
  const first = started[0]!;
  const tokens = createTokenService(tokenSecret);
  const invite = (roomId: string, role: Role) => mintInvitation(first.url, tokens, roomId, role);
  const sockets: TestSocket[] = [];
  return {
    first,
    second: started[1]!,
    databaseUrl: database.url,
    redisKeyPrefix: shared.REDIS_KEY_PREFIX,
    invite,
    async connect(server, name, { token, moderatorOf } = {}) {
      const invitation = moderatorOf === undefined ? undefined : await invite(moderatorOf, 'moderator');
      const identity = token ?? (await issueToken(server.url, name, invitation)).token;
      const socket = await connectClient(server.url, name, { token: identity });
      sockets.push(socket);
      return { socket, token: identity };
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await stop();
    },
  };
}
