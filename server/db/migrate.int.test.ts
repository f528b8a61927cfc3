import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { openDatabase, type Database } from './database.js';
import { MigrationError } from './migrate.js';

/**
 * Start-up migrations against both backends: Prisma-compatible bookkeeping,
 * failures that stop start-up, edited migrations, and (on PostgreSQL)
 * concurrent start-ups.
 */

const repoMigrations = path.resolve(import.meta.dirname, '..', '..', 'prisma', 'migrations');

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/** A logger whose records the test can read. */
function createCapturingLogger(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const logger = pino({ level: 'debug' }, {
    write: (line: string) => {
      const record: unknown = JSON.parse(line);
      if (typeof record === 'object' && record !== null && 'msg' in record) {
        messages.push(String(record.msg));
      }
    },
  });
  return { logger, messages };
}

async function readRows(db: Database): Promise<MigrationRow[]> {
  return db.prisma.$queryRawUnsafe<MigrationRow[]>(
    'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name',
  );
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  const [row] = await db.prisma.$queryRawUnsafe<{ exists: boolean }[]>(
    'SELECT to_regclass($1) IS NOT NULL AS "exists"',
    `"${table}"`,
  );
  return row?.exists ?? false;
}

/** A copy of the repository's migrations, plus `extra` ones, that a test may edit. */
async function copyMigrations(root: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = path.join(root, 'migrations');
  await cp(repoMigrations, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

interface Backend {
  /** Opens the backend's one database for this test. */
  open(options?: { migrationsDir?: string; logger?: Logger }): Promise<Database>;
  /** Runs SQL on that database without openDatabase (which refuses to open after a failure). */
  rawQuery<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
}

const backends: { kind: Database['kind']; setUp: (tmp: string) => Promise<Backend & { tearDown(): Promise<void> }> }[] = [
  {
    kind: 'embedded',
    setUp: async (tmp) => ({
      open: (options = {}) =>
        openDatabase({ dataDir: tmp, logger: options.logger ?? pino({ level: 'silent' }), migrationsDir: options.migrationsDir }),
      rawQuery: async <Row extends object>(sql: string, params: unknown[] = []) => {
        const db = await PGlite.create({ dataDir: path.join(tmp, 'pglite') });
        try {
          return (await db.query<Row>(sql, params)).rows;
        } finally {
          await db.close();
        }
      },
      tearDown: async () => undefined,
    }),
  },
  {
    kind: 'postgres',
    setUp: async (tmp) => {
      const database: TestDatabase = await createTestDatabase();
      return {
        open: (options = {}) =>
          openDatabase({
            databaseUrl: database.url,
            dataDir: tmp,
            logger: options.logger ?? pino({ level: 'silent' }),
            migrationsDir: options.migrationsDir,
          }),
        rawQuery: async <Row extends object>(sql: string, params: unknown[] = []) => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          try {
            return (await client.query<Row>(sql, params)).rows;
          } finally {
            await client.end();
          }
        },
        tearDown: () => database.drop(),
      };
    },
  },
];

describe.each(backends)('start-up migrations on $kind', ({ setUp }) => {
  let tmp: string;
  let backend: Backend & { tearDown(): Promise<void> };
  const open: Database[] = [];

  async function openTracked(options?: Parameters<Backend['open']>[0]): Promise<Database> {
    const db = await backend.open(options);
    open.push(db);
    return db;
  }

  async function closeAll(): Promise<void> {
    await Promise.all(open.splice(0).map((db) => db.close()));
  }

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-migrate-int-'));
    backend = await setUp(tmp);
  });

  afterEach(async () => {
    await closeAll();
    await backend.tearDown();
    await rm(tmp, { recursive: true, force: true });
  });

  it('records every migration the way Prisma Migrate does', async () => {
    const db = await openTracked();

    const rows = await readRows(db);

    const names = await migrationNames(repoMigrations);
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = await readFile(path.join(repoMigrations, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row).toMatchObject({ applied_steps_count: 1, logs: null, rolled_back_at: null });
    }
    expect(await tableExists(db, 'Room')).toBe(true);
    expect(await tableExists(db, 'RoomVisit')).toBe(true);
  });

  it("creates _prisma_migrations with Prisma's columns and types", async () => {
    const db = await openTracked();

    const columns = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
        FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'
       ORDER BY ordinal_position`);
    const [primaryKey] = await db.prisma.$queryRawUnsafe<{ columns: string }[]>(`
      SELECT string_agg(a.attname, ',') AS columns
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = '_prisma_migrations'::regclass AND i.indisprimary`);

    // As created by Prisma's schema engine (checked against it in schemaDrift.int.test.ts).
    const varchar = 'character varying';
    const timestamptz = 'timestamp with time zone';
    expect(columns).toEqual([
      { column_name: 'id', data_type: varchar, character_maximum_length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: varchar, character_maximum_length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: timestamptz, character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: varchar, character_maximum_length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: timestamptz, character_maximum_length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: timestamptz, character_maximum_length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', character_maximum_length: null, is_nullable: 'NO', column_default: '0' },
    ]);
    expect(primaryKey?.columns).toBe('id');
  });

  it('applies nothing twice when opened again', async () => {
    const first = await openTracked();
    const before = await readRows(first);
    await closeAll();

    const { logger, messages } = createCapturingLogger();
    const second = await openTracked({ logger });

    expect(await readRows(second)).toEqual(before);
    expect(messages).not.toContain('Applying migration');
    expect(messages).toContain('Database schema is up to date');
  });

  it('applies a new migration at the next start-up, after the existing ones', async () => {
    const migrationsDir = await copyMigrations(tmp);
    await openTracked({ migrationsDir });
    await closeAll();
    const added = '29990101000000_add_topic';
    await mkdir(path.join(migrationsDir, added));
    await writeFile(path.join(migrationsDir, added, 'migration.sql'), 'ALTER TABLE "Room" ADD COLUMN "topic" TEXT;\n');

    const db = await openTracked({ migrationsDir });

    const rows = await readRows(db);
    expect(rows.map((r) => r.migration_name)).toEqual([...(await migrationNames(repoMigrations)), added]);
    expect(rows.at(-1)?.finished_at).toBeInstanceOf(Date);
    await db.prisma.$executeRawUnsafe(`INSERT INTO "Room" (id, title, topic) VALUES ('r', 'R', 'people power')`);
  });

  it('rolls a failing migration back, records it, and refuses to start until it is resolved', async () => {
    const broken = '29990101000000_broken';
    const migrationsDir = await copyMigrations(tmp, {
      [broken]: 'CREATE TABLE "Broken" ("id" INTEGER);\nSELECT no_such_function();\n',
    });

    const error = await backend.open({ migrationsDir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
    expect((error as Error).message).toContain(broken);
    expect((error as Error).message).toContain('no_such_function');

    // The next start-up stops too, and says why and how to recover.
    const again = await backend.open({ migrationsDir }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'PREVIOUS_MIGRATION_FAILED' });
    expect((again as Error).message).toContain(broken);
    expect((again as Error).message).toContain('prisma migrate resolve --rolled-back');

    const failedRows = await backend.rawQuery<MigrationRow>(
      'SELECT * FROM _prisma_migrations WHERE migration_name = $1',
      [broken],
    );
    expect(failedRows).toHaveLength(1);
    expect(failedRows[0]).toMatchObject({ finished_at: null, applied_steps_count: 0, rolled_back_at: null });
    expect(failedRows[0]?.logs).toContain('no_such_function');
    expect(failedRows[0]?.logs).toContain('42883');
    // The transaction undid the statement that had succeeded.
    expect(await backend.rawQuery(`SELECT 1 FROM pg_class WHERE relname = 'Broken'`)).toEqual([]);

    // Recover the way the message says: fix the file, mark the attempt rolled back.
    await writeFile(path.join(migrationsDir, broken, 'migration.sql'), 'CREATE TABLE "Broken" ("id" INTEGER);\n');
    await backend.rawQuery(
      'UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL',
      [broken],
    );
    const db = await openTracked({ migrationsDir });
    expect(await tableExists(db, 'Broken')).toBe(true);
    const attempts = (await readRows(db)).filter((r) => r.migration_name === broken);
    expect(attempts.map((r) => [r.rolled_back_at !== null, r.finished_at !== null])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('refuses to start when an applied migration was modified', async () => {
    const migrationsDir = await copyMigrations(tmp);
    await openTracked({ migrationsDir });
    await closeAll();
    const [first] = await migrationNames(migrationsDir);
    const file = path.join(migrationsDir, first!, 'migration.sql');
    const original = await readFile(file, 'utf8');

    // Line endings alone (a Windows checkout) are not a modification.
    await writeFile(file, original.replace(/\n/g, '\r\n'));
    await openTracked({ migrationsDir });
    await closeAll();

    await writeFile(file, `${original}\nALTER TABLE "Room" ADD COLUMN "sneaky" TEXT;\n`);
    const error = await backend.open({ migrationsDir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect((error as Error).message).toContain(first);
  });
});

describe('concurrent start-ups on one PostgreSQL database', () => {
  let tmp: string;
  let database: TestDatabase;

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-migrate-race-'));
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('apply each migration exactly once', async () => {
    // A slow migration keeps the first start-up busy long enough that the
    // others certainly arrive while it holds the lock.
    const slow = '29990101000000_slow';
    const migrationsDir = await copyMigrations(tmp, {
      [slow]: 'SELECT pg_sleep(1);\nCREATE TABLE "Slow" ("id" INTEGER);\n',
    });
    const starts = [0, 1, 2].map(() => createCapturingLogger());

    const dbs = await Promise.all(
      starts.map(({ logger }) => openDatabase({ databaseUrl: database.url, dataDir: tmp, logger, migrationsDir })),
    );
    try {
      const rows = await readRows(dbs[0]!);
      const names = await migrationNames(migrationsDir);
      expect(rows.map((r) => r.migration_name).sort()).toEqual(names);
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
      // Exactly one start-up applied each migration; the others waited for it.
      for (const name of names) {
        expect(rows.filter((r) => r.migration_name === name)).toHaveLength(1);
      }
      expect(starts.filter(({ messages }) => messages.includes('Applying migration'))).toHaveLength(1);
      const waited = starts.filter(({ messages }) =>
        messages.includes('Another process is applying migrations; waiting for it to finish'),
      );
      expect(waited.length).toBeGreaterThanOrEqual(1);
      await Promise.all(dbs.map((db) => db.ping()));
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
