import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { createTestDatabase } from './postgres.js';
import { spawnServer, type ServerProcess } from './serverProcess.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connection to the test Redis server (`TEST_REDIS_URL`, default local
 * port 6379). Multi-process tests need the real server: when it cannot be
 * reached this throws (never skips), saying how to start it.
 */
export async function requireRedis() {
  const client = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 3000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    throw new Error(
      `Redis is required for this test and is not reachable at ${redisUrl} (set TEST_REDIS_URL). ` +
        'Start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    );
  }
  return client;
}

/** Two server processes sharing one fresh PostgreSQL database and the test Redis. */
export interface ServerPair {
  first: ServerProcess;
  second: ServerProcess;
  /** The TOKEN_SECRET both verify with (tests mint invitations with it). */
  tokenSecret: string;
  /** Stops both processes and drops the database. */
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
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    TOKEN_SECRET: tokenSecret,
    ...env,
  };
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
    await database.drop();
  };
  try {
    // One at a time: the first applies the migrations.
    started.push(await spawnServer(shared));
    started.push(await spawnServer(shared));
  } catch (error) {
    await stop();
    throw error;
  }
  return { first: started[0]!, second: started[1]!, tokenSecret, stop };
}
