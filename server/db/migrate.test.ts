import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkMigrationLock,
  checksumMatches,
  checksumOf,
  findMigrationsDir,
  listMigrations,
  MigrationError,
  planMigrations,
  type AppliedMigrationRow,
  type LocalMigration,
} from './migrate.js';

let tmp: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-migrate-unit-'));
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeMigration(dir: string, name: string, sql: string | Buffer): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

function local(name: string, script: string): LocalMigration {
  return { name, script, checksum: checksumOf(script) };
}

function row(name: string, script: string, overrides: Partial<AppliedMigrationRow> = {}): AppliedMigrationRow {
  return {
    migration_name: name,
    checksum: checksumOf(script),
    finished_at: new Date('2026-01-01T00:00:01Z'),
    rolled_back_at: null,
    started_at: new Date('2026-01-01T00:00:00Z'),
    logs: null,
    ...overrides,
  };
}

describe('listMigrations', () => {
  it('returns migration folders in timestamp order and ignores the lock file', async () => {
    await writeMigration(tmp, '20260301000000_third', 'SELECT 3;');
    await writeMigration(tmp, '20260101000000_first', 'SELECT 1;');
    await writeMigration(tmp, '20260201000000_second', 'SELECT 2;');
    await writeFile(path.join(tmp, 'migration_lock.toml'), 'provider = "postgresql"\n');

    const migrations = await listMigrations(tmp);

    expect(migrations.map((m) => m.name)).toEqual([
      '20260101000000_first',
      '20260201000000_second',
      '20260301000000_third',
    ]);
    expect(migrations[0]?.script).toBe('SELECT 1;');
  });

  it("computes Prisma's checksum: the SHA-256 hex of the file's bytes", async () => {
    const bytes = Buffer.from('-- CreateTable\r\nCREATE TABLE "Ü" ("id" TEXT);\n', 'utf8');
    await writeMigration(tmp, '20260101000000_init', bytes);

    const [migration] = await listMigrations(tmp);

    expect(migration?.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(migration?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the folder that has no migration.sql', async () => {
    await mkdir(path.join(tmp, '20260101000000_empty'));

    const error = await listMigrations(tmp).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe('MIGRATIONS_DIR_INVALID');
    expect((error as MigrationError).message).toContain('20260101000000_empty');
  });

  it('reports a missing migrations directory clearly', async () => {
    const missing = path.join(tmp, 'nope');

    await expect(listMigrations(missing)).rejects.toThrow(missing);
  });
});

describe('checkMigrationLock', () => {
  it('accepts a PostgreSQL lock file and a missing one', async () => {
    await expect(checkMigrationLock(tmp)).resolves.toBeUndefined();
    await writeFile(path.join(tmp, 'migration_lock.toml'), '# comment\nprovider = "postgresql"\n');
    await expect(checkMigrationLock(tmp)).resolves.toBeUndefined();
  });

  it('refuses migrations written for another database', async () => {
    await writeFile(path.join(tmp, 'migration_lock.toml'), 'provider = "sqlite"\n');

    await expect(checkMigrationLock(tmp)).rejects.toMatchObject({ code: 'PROVIDER_MISMATCH' });
  });
});

describe('checksumMatches', () => {
  const script = 'CREATE TABLE "Room" (\n    "id" TEXT NOT NULL\n);\n';

  it('matches the unchanged script', () => {
    expect(checksumMatches(script, checksumOf(script))).toBe(true);
  });

  it('tolerates a checkout that only changed line endings, in either direction', () => {
    const crlf = script.replace(/\n/g, '\r\n');
    expect(checksumMatches(crlf, checksumOf(script))).toBe(true);
    expect(checksumMatches(script, checksumOf(crlf))).toBe(true);
  });

  it('detects any other edit', () => {
    expect(checksumMatches(script.replace('TEXT', 'VARCHAR(10)'), checksumOf(script))).toBe(false);
    expect(checksumMatches(`${script}\n`, checksumOf(script))).toBe(false);
  });
});

describe('planMigrations', () => {
  const a = local('20260101000000_a', 'SELECT 1;');
  const b = local('20260201000000_b', 'SELECT 2;');
  const c = local('20260301000000_c', 'SELECT 3;');

  it('applies everything, in order, on an empty database', () => {
    const plan = planMigrations([a, b, c], []);

    expect(plan.pending.map((m) => m.name)).toEqual([a.name, b.name, c.name]);
    expect(plan).toMatchObject({ edited: [], failed: [], unknown: [] });
  });

  it('applies only what has not finished yet', () => {
    const plan = planMigrations([a, b, c], [row(a.name, a.script), row(b.name, b.script)]);

    expect(plan.pending.map((m) => m.name)).toEqual([c.name]);
  });

  it('reports a started but unfinished migration as failed', () => {
    const failed = row(b.name, b.script, { finished_at: null, logs: 'boom' });

    const plan = planMigrations([a, b], [row(a.name, a.script), failed]);

    expect(plan.failed).toEqual([failed]);
  });

  it('re-applies a migration that was marked rolled back, as Prisma does', () => {
    const rolledBack = row(b.name, b.script, {
      finished_at: null,
      rolled_back_at: new Date('2026-02-02T00:00:00Z'),
    });

    const plan = planMigrations([a, b], [row(a.name, a.script), rolledBack]);

    expect(plan.failed).toEqual([]);
    expect(plan.pending.map((m) => m.name)).toEqual([b.name]);
  });

  it('reports an applied migration whose file changed', () => {
    const plan = planMigrations([a, local(b.name, 'SELECT 22;')], [row(a.name, a.script), row(b.name, b.script)]);

    expect(plan.edited).toEqual([b.name]);
    expect(plan.pending).toEqual([]);
  });

  it('notices applied migrations this build does not have', () => {
    const plan = planMigrations([a], [row(a.name, a.script), row(b.name, b.script)]);

    expect(plan.unknown).toEqual([b.name]);
    expect(plan.pending).toEqual([]);
  });
});

describe('findMigrationsDir', () => {
  async function makeRepo(): Promise<string> {
    await writeFile(path.join(tmp, 'package.json'), '{}');
    await mkdir(path.join(tmp, 'prisma', 'migrations'), { recursive: true });
    return path.join(tmp, 'prisma', 'migrations');
  }

  it('finds prisma/migrations from the sources', async () => {
    const expected = await makeRepo();
    await mkdir(path.join(tmp, 'server', 'db'), { recursive: true });

    expect(findMigrationsDir(path.join(tmp, 'server', 'db'))).toBe(expected);
  });

  it('finds it from the compiled output, past a nested package.json', async () => {
    const expected = await makeRepo();
    const compiled = path.join(tmp, 'dist', 'server', 'server', 'db');
    await mkdir(compiled, { recursive: true });
    // Some builds drop a package.json into dist to mark it as ESM.
    await writeFile(path.join(tmp, 'dist', 'package.json'), '{"type":"module"}');

    expect(findMigrationsDir(compiled)).toBe(expected);
  });

  it('says where it looked when there is none', async () => {
    const nowhere = path.join(tmp, 'a', 'b');
    await mkdir(nowhere, { recursive: true });

    // tmp's ancestors (os.tmpdir()) hold no repository, so the walk reaches the root.
    expect(() => findMigrationsDir(nowhere)).toThrow(nowhere);
  });

  it('finds this repository from this file', () => {
    expect(findMigrationsDir(import.meta.dirname)).toBe(
      path.resolve(import.meta.dirname, '..', '..', 'prisma', 'migrations'),
    );
  });
});
