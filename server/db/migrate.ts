import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.js';

/**
 * Applies the SQL migrations in `prisma/migrations` at start-up, without the
 * Prisma CLI (its native schema engine cannot be downloaded everywhere we run).
 *
 * The bookkeeping is Prisma Migrate's own: the same `_prisma_migrations`
 * table, the same checksums and the same advisory lock, so `prisma migrate
 * deploy` / `migrate status` against a database migrated here see every
 * migration as applied, and the two never run at the same time.
 */

/**
 * One database session. Both methods must run on the same connection: the
 * advisory lock and `BEGIN`/`COMMIT` are per session.
 */
export interface SqlSession {
  /** Runs one statement with positional parameters (`$1`, `$2`, …). */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements, without parameters. */
  exec(script: string): Promise<void>;
}

/** A migration folder as found on disk. */
export interface LocalMigration {
  /** The folder name, e.g. `20261122162703_init`; also the `migration_name`. */
  name: string;
  /** The contents of its `migration.sql`. */
  script: string;
  /** SHA-256 (hex) of the `migration.sql` bytes, as Prisma computes it. */
  checksum: string;
}

/** The columns of a `_prisma_migrations` row that decide what to do next. */
export interface AppliedMigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/** What {@link planMigrations} found when comparing the folder with the database. */
export interface MigrationPlan {
  /** Local migrations not yet applied, in the order they must run. */
  pending: LocalMigration[];
  /** Applied migrations whose file has changed since. */
  edited: string[];
  /** Rows of migrations that started but neither finished nor were rolled back. */
  failed: AppliedMigrationRow[];
  /** Applied migrations that this build does not know (a newer build ran). */
  unknown: string[];
}

/** Why applying migrations stopped. */
export type MigrationErrorCode =
  | 'MIGRATIONS_DIR_INVALID'
  | 'PROVIDER_MISMATCH'
  | 'PREVIOUS_MIGRATION_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'MIGRATION_FAILED';

/** Raised when the database cannot be brought up to date; the message says how to fix it. */
export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** What {@link applyMigrations} did. */
export interface MigrationResult {
  /** Names of the migrations applied by this call, in order. */
  applied: string[];
}

/**
 * Prisma Migrate's advisory lock key. Sharing it means our start-up and a
 * concurrent `prisma migrate deploy` exclude each other too.
 */
export const MIGRATION_LOCK_KEY = 72707369;

const MIGRATIONS_TABLE = '_prisma_migrations';
const MIGRATION_FILE = 'migration.sql';
const LOCK_FILE = 'migration_lock.toml';

/** SHA-256 hex digest, the checksum Prisma stores for a migration script. */
export function checksumOf(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a stored checksum still describes the script. Like Prisma, a script
 * that only differs in line endings (Git's autocrlf on Windows) still matches.
 */
export function checksumMatches(script: string, storedChecksum: string): boolean {
  const lf = script.replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  return [script, lf, crlf].some((variant) => checksumOf(variant) === storedChecksum);
}

/**
 * Reads the migration folders under `migrationsDir`, sorted by name (their
 * timestamp prefix), which is the order Prisma applies them in.
 */
export async function listMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(
      'MIGRATIONS_DIR_INVALID',
      `Cannot read the migrations directory ${migrationsDir}: ${describeError(error)}`,
      { cause: error },
    );
  }
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: LocalMigration[] = [];
  for (const name of folders) {
    const file = path.join(migrationsDir, name, MIGRATION_FILE);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new MigrationError(
        'MIGRATIONS_DIR_INVALID',
        `Migration folder ${name} has no readable ${MIGRATION_FILE} (${file}): ${describeError(error)}`,
        { cause: error },
      );
    }
    // The checksum is over the file's bytes, exactly as Prisma reads them.
    migrations.push({ name, script: bytes.toString('utf8'), checksum: checksumOf(bytes) });
  }
  return migrations;
}

/**
 * Refuses a migrations folder written for another database: Prisma records
 * the provider in `migration_lock.toml`, and its SQL would not run here.
 */
export async function checkMigrationLock(migrationsDir: string): Promise<void> {
  let lock: string;
  try {
    lock = await readFile(path.join(migrationsDir, LOCK_FILE), 'utf8');
  } catch {
    // Prisma tolerates a missing lock file when applying; so do we.
    return;
  }
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lock)?.[1];
  if (provider !== undefined && provider !== 'postgresql') {
    throw new MigrationError(
      'PROVIDER_MISMATCH',
      `${path.join(migrationsDir, LOCK_FILE)} says the migrations are for "${provider}", ` +
        'but convene runs on PostgreSQL.',
    );
  }
}

/**
 * Compares the migrations on disk with the rows in `_prisma_migrations`.
 * Pure: the decisions of {@link applyMigrations}, without any I/O.
 */
export function planMigrations(
  local: readonly LocalMigration[],
  rows: readonly AppliedMigrationRow[],
): MigrationPlan {
  // A rolled-back row is history only: Prisma ignores it and re-applies.
  const live = rows.filter((row) => row.rolled_back_at === null);
  const finished = new Map<string, AppliedMigrationRow>();
  for (const row of live) {
    if (row.finished_at !== null) finished.set(row.migration_name, row);
  }
  const localNames = new Set(local.map((migration) => migration.name));
  return {
    pending: local.filter((migration) => !finished.has(migration.name)),
    edited: local
      .filter((migration) => {
        const row = finished.get(migration.name);
        return row !== undefined && !checksumMatches(migration.script, row.checksum);
      })
      .map((migration) => migration.name),
    failed: live.filter((row) => row.finished_at === null),
    unknown: [...finished.keys()].filter((name) => !localNames.has(name)),
  };
}

/**
 * Walks up from `startDir` to the first directory that holds a
 * `package.json` and a `prisma/migrations` folder, and returns that folder.
 * Works from the sources (`server/db`) and from the build
 * (`dist/server/server/db`) alike, and skips nested package.json files.
 */
export function findMigrationsDir(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new MigrationError(
        'MIGRATIONS_DIR_INVALID',
        `No prisma/migrations folder next to a package.json above ${startDir}; ` +
          'pass migrationsDir explicitly.',
      );
    }
    dir = parent;
  }
}

/**
 * Brings the database up to date with the migrations in `migrationsDir`.
 *
 * Each pending migration runs in its own transaction together with the
 * update that marks it finished, so a migration is either fully applied and
 * recorded, or not applied at all. Its `_prisma_migrations` row is inserted
 * before the transaction, so a failure leaves the row (finished_at null, the
 * error in `logs`) as Prisma does, and start-up stops until someone resolves
 * it. A session-level advisory lock serialises concurrent start-ups.
 *
 * @param session one connection to the database; it is not closed here.
 * @param migrationsDir folder with `<timestamp>_<name>/migration.sql` entries.
 * @throws {MigrationError} with a code naming the reason and a message saying how to recover.
 * @example
 * ```ts
 * const { applied } = await applyMigrations(session, '/app/prisma/migrations', logger);
 * ```
 */
export async function applyMigrations(
  session: SqlSession,
  migrationsDir: string,
  logger: Logger,
): Promise<MigrationResult> {
  await checkMigrationLock(migrationsDir);
  const local = await listMigrations(migrationsDir);

  await acquireLock(session, logger);
  try {
    await ensureMigrationsTable(session);
    const rows = await session.query<AppliedMigrationRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
         FROM ${MIGRATIONS_TABLE} ORDER BY started_at`,
    );
    const plan = planMigrations(local, rows);
    assertHealthy(plan, migrationsDir);
    if (plan.unknown.length > 0) {
      logger.warn(
        { migrations: plan.unknown },
        'The database has migrations this build does not know; was a newer version deployed?',
      );
    }

    const applied: string[] = [];
    for (const migration of plan.pending) {
      await applyOne(session, migration, logger);
      applied.push(migration.name);
    }
    if (applied.length === 0) logger.debug('Database schema is up to date');
    return { applied };
  } finally {
    // Never let a failed unlock hide the real outcome; a lost session frees the lock anyway.
    await session
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch((error: unknown) => logger.warn({ err: error }, 'Could not release the migration lock'));
  }
}

async function acquireLock(session: SqlSession, logger: Logger): Promise<void> {
  const [row] = await session.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1) AS locked',
    [MIGRATION_LOCK_KEY],
  );
  if (row?.locked) return;
  // Another process is migrating; wait for it rather than fail, then find
  // its migrations already applied.
  logger.info('Another process is applying migrations; waiting for it to finish');
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
}

/** Creates Prisma's bookkeeping table, with its exact column names and types. */
async function ensureMigrationsTable(session: SqlSession): Promise<void> {
  await session.exec(`
    CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      id                  VARCHAR(36) PRIMARY KEY NOT NULL,
      checksum            VARCHAR(64) NOT NULL,
      finished_at         TIMESTAMPTZ,
      migration_name      VARCHAR(255) NOT NULL,
      logs                TEXT,
      rolled_back_at      TIMESTAMPTZ,
      started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
      applied_steps_count INTEGER NOT NULL DEFAULT 0
    )`);
}

function assertHealthy(plan: MigrationPlan, migrationsDir: string): void {
  const [failed] = plan.failed;
  if (failed) {
    throw new MigrationError(
      'PREVIOUS_MIGRATION_FAILED',
      `Migration ${failed.migration_name} failed earlier (started ${failed.started_at.toISOString()}). ` +
        `Its error:\n${failed.logs ?? '(none recorded: the process stopped while applying it)'}\n` +
        `Check the database, then ${resolveHint(failed.migration_name)}`,
    );
  }
  if (plan.edited.length > 0) {
    throw new MigrationError(
      'CHECKSUM_MISMATCH',
      `Already-applied migration(s) were modified after they ran: ${plan.edited.join(', ')} ` +
        `(in ${migrationsDir}). The database does not contain what these files now say. ` +
        'Restore the original files and put the change in a new migration instead.',
    );
  }
}

async function applyOne(session: SqlSession, migration: LocalMigration, logger: Logger): Promise<void> {
  const id = randomUUID();
  // Recorded outside the transaction so that a failure stays on record.
  await session.query(
    `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  logger.info({ migration: migration.name }, 'Applying migration');
  try {
    await session.exec('BEGIN');
    await session.exec(migration.script);
    // clock_timestamp(), not now(): now() is frozen at the transaction's start.
    await session.query(
      `UPDATE ${MIGRATIONS_TABLE}
          SET finished_at = clock_timestamp(), applied_steps_count = 1
        WHERE id = $1`,
      [id],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined);
    const logs = formatDatabaseError(error);
    await session
      .query(`UPDATE ${MIGRATIONS_TABLE} SET logs = $2 WHERE id = $1`, [id, logs])
      .catch((logError: unknown) => logger.error({ err: logError }, 'Could not record the failure'));
    throw new MigrationError(
      'MIGRATION_FAILED',
      `Migration ${migration.name} failed and was rolled back; start-up stops here.\n${logs}\n` +
        `Fix the migration (or the database), then ${resolveHint(migration.name)}`,
      { cause: error },
    );
  }
  logger.info({ migration: migration.name }, 'Applied migration');
}

/** How to tell both Prisma and us that a failed migration may run again. */
function resolveHint(name: string): string {
  return (
    'mark the failed attempt rolled back so the next start-up runs it again: ' +
    `\`npx prisma migrate resolve --rolled-back ${name}\`, or, without the Prisma CLI, ` +
    `UPDATE ${MIGRATIONS_TABLE} SET rolled_back_at = now() ` +
    `WHERE migration_name = '${name}' AND finished_at IS NULL AND rolled_back_at IS NULL;`
  );
}

/** Fields that both node-postgres and PGlite put on a database error. */
interface DatabaseErrorFields {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string | number;
}

function formatDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields: DatabaseErrorFields = error;
  const lines = [`Database error: ${fields.message}`];
  if (fields.code) lines.push(`Database error code: ${fields.code}`);
  if (fields.detail) lines.push(`Detail: ${fields.detail}`);
  if (fields.hint) lines.push(`Hint: ${fields.hint}`);
  if (fields.position !== undefined) lines.push(`Position in migration.sql: ${fields.position}`);
  return lines.join('\n');
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
