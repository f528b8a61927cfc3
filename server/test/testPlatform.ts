import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Role } from '../../shared/events.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startPlatform, type Platform } from '../platform.js';
import { createTestDatabase } from './postgres.js';
import { mintInvitation } from './invitations.js';
import { TEST_SERVER_SETTINGS } from './testEnvironment.js';

export interface TestPlatform extends Platform {
  /** An invitation link's token for a role in a session, minted by the server (on record) as `npm run invite` does. */
  invite(roomId: string, role: Role): Promise<string>;
  /** Its data directory (the setup code, the token secret). */
  dataDir: string;
  /** Stops the platform and removes its database and data directory. */
  dispose(): Promise<void>;
  /** Every line the server logged at error level or above, so far (a test asserts none where none may be). */
  loggedErrors(): Record<string, unknown>[];
}

/**
 * The platform's logger: lines at error level and above are kept for the
 * test, whatever LOG_LEVEL says; the rest go to stdout at LOG_LEVEL.
 */
function loggerKeeping(errors: Record<string, unknown>[], level: string) {
  const keep = { write: (line: string) => void errors.push(JSON.parse(line) as Record<string, unknown>) };
  const streams: pino.StreamEntry[] = [{ level: 'error', stream: keep }];
  if (level !== 'silent') streams.push({ level: level as pino.Level, stream: process.stdout });
  const lowest = level === 'silent' || pino.levels.values[level]! > pino.levels.values.error! ? 'error' : level;
  return createLogger(lowest, 'convene', pino.multistream(streams));
}

/**
 * The real platform in this process: a fresh PostgreSQL database, one real
 * mediasoup worker, Socket.IO on a free port, media on loopback.
 */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    RTC_LISTEN_IP: '127.0.0.1',
    MEDIA_WORKERS: '1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...TEST_SERVER_SETTINGS,
    ...env,
  });
  const errors: Record<string, unknown>[] = [];
  const platform = await startPlatform(config, loggerKeeping(errors, config.logLevel));
  const url = `http://127.0.0.1:${platform.port}`;
  return {
    ...platform,
    url,
    dataDir,
    async invite(roomId, role) {
      return mintInvitation(url, platform.tokens, roomId, role);
    },
    loggedErrors: () => [...errors],
    async dispose() {
      await platform.stop().catch(() => undefined);
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
