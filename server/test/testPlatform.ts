import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '../../shared/events.js';
import { asRoomId } from '../../shared/ids.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startPlatform, type Platform } from '../platform.js';
import { createTestDatabase } from './postgres.js';
import { TEST_ADDRESS_LIMITS } from '../../e2e/testEnvironment.js';

export interface TestPlatform extends Platform {
  /** An invitation link's token for a role in a room, as a moderator would share it. */
  invite(roomId: string, role: Role): Promise<string>;
  /** Stops the platform and removes its database and data directory. */
  dispose(): Promise<void>;
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
    ...TEST_ADDRESS_LIMITS,
    ...env,
  });
  const platform = await startPlatform(config, createLogger(config.logLevel));
  const url = `http://127.0.0.1:${platform.port}`;
  return {
    ...platform,
    url,
    async invite(roomId, role) {
      return (await platform.tokens.invite({ roomId: asRoomId(roomId), role, expiresInHours: 1 })).token;
    },
    async dispose() {
      await platform.stop().catch(() => undefined);
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
