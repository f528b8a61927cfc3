import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/postgres.js';
import { openDatabase } from './database.js';
import { databaseUnavailability } from './databaseUnavailable.js';

const logger = pino({ level: 'silent' });

let tmp: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-database-'));
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('openDatabase without a DATABASE_URL (embedded PGlite)', () => {
  it('keeps its data in <dataDir>/pglite across a restart', async () => {
    const first = await openDatabase({ dataDir: tmp, logger });
    expect(first.kind).toBe('embedded');
    await first.prisma.room.create({
      data: { id: 'people-power', title: 'People power', visits: { create: { peerId: 'p1', displayName: 'Ama' } } },
    });
    await first.close();

    expect(await readdir(path.join(tmp, 'pglite'))).toContain('PG_VERSION');

    const second = await openDatabase({ dataDir: tmp, logger });
    try {
      const room = await second.prisma.room.findUnique({ where: { id: 'people-power' }, include: { visits: true } });
      expect(room?.title).toBe('People power');
      expect(room?.visits.map((v) => v.displayName)).toEqual(['Ama']);
    } finally {
      await second.close();
    }
  });

  it('answers ping while open', async () => {
    const db = await openDatabase({ dataDir: tmp, logger });
    try {
      await expect(db.ping()).resolves.toBeUndefined();
    } finally {
      await db.close();
    }
  });
});

describe('openDatabase with a DATABASE_URL (PostgreSQL)', () => {
  it('connects through the pg adapter, migrated, and pings', async () => {
    const database = await createTestDatabase();
    try {
      const db = await openDatabase({ databaseUrl: database.url, dataDir: tmp, logger });
      try {
        expect(db.kind).toBe('postgres');
        await expect(db.ping()).resolves.toBeUndefined();
        await db.prisma.room.create({ data: { id: 'ignite-talks', title: 'Ignite talks' } });
        expect(await db.prisma.room.count()).toBe(1);
      } finally {
        await db.close();
      }
      // Nothing was written next to the data directory: the server holds the data.
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('fails start-up with a clear message when the server is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const databaseUrl = 'postgresql://convene:secret@127.0.0.1:1/convene';

    const error = await openDatabase({ databaseUrl, dataDir: tmp, logger }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('Cannot connect to PostgreSQL at postgresql://convene:***@127.0.0.1:1/convene');
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('secret');
  });
});

describe('openDatabase timeouts (PostgreSQL)', () => {
  it('holds requests to the statement timeout, but not the start-up migrations', async () => {
    const database = await createTestDatabase();
    const migrationsDir = path.join(tmp, 'migrations');
    // A migration that runs longer than any request may: it must not be cut.
    await mkdir(path.join(migrationsDir, '20260101000000_slow'), { recursive: true });
    await writeFile(
      path.join(migrationsDir, '20260101000000_slow', 'migration.sql'),
      'SELECT pg_sleep(0.5);\nCREATE TABLE "Slow" ("id" INTEGER);\n',
    );
    try {
      const db = await openDatabase({
        databaseUrl: database.url,
        dataDir: tmp,
        logger,
        migrationsDir,
        timeouts: { connectTimeoutMs: 3000, statementTimeoutMs: 200 },
      });
      try {
        await expect(db.prisma.$executeRaw`SELECT 1 FROM "Slow"`).resolves.toBe(0);
        const cut = await Promise.resolve(db.prisma.$executeRaw`SELECT pg_sleep(0.5)`).catch((error: unknown) => error);
        expect(databaseUnavailability(cut)).toBe('statement-timeout');
        // Cancelled by the server, the connection is as good as before.
        await expect(db.ping()).resolves.toBeUndefined();
      } finally {
        await db.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe('createTestDatabase', () => {
  const saved = process.env.TEST_POSTGRES_URL;

  afterEach(() => {
    if (saved === undefined) delete process.env.TEST_POSTGRES_URL;
    else process.env.TEST_POSTGRES_URL = saved;
  });

  it('says PostgreSQL is required, where it looked and how to start it, when it is down', async () => {
    process.env.TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:1/postgres';

    const error = await createTestDatabase().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('PostgreSQL is required for this test');
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
  });

  it('creates a database that drop() removes', async () => {
    const database = await createTestDatabase();
    const db = await openDatabase({ databaseUrl: database.url, dataDir: tmp, logger });
    await db.close();

    await database.drop();

    const again = await openDatabase({ databaseUrl: database.url, dataDir: tmp, logger }).catch((e: unknown) => e);
    expect((again as Error).message).toMatch(/does not exist/);
  });
});
