import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Logger } from '../logger.js';
import { Prisma, PrismaClient } from './generated/client.js';
import { applyMigrations, findMigrationsDir, type SqlSession } from './migrate.js';

/** An open, migrated database and the Prisma client that talks to it. */
export interface Database {
  prisma: PrismaClient;
  /** `embedded`: PGlite inside this process; `postgres`: a PostgreSQL server. */
  kind: 'embedded' | 'postgres';
  /** Resolves when the database answers a trivial query (health checks). */
  ping(): Promise<void>;
  /** Disconnects Prisma and releases the connections or the embedded engine. */
  close(): Promise<void>;
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when unset, an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Absolute data directory; the embedded database lives in `<dataDir>/pglite`. */
  dataDir: string;
  logger: Logger;
  /** Defaults to the repository's `prisma/migrations`. */
  migrationsDir?: string | undefined;
}

/**
 * Opens the database and applies pending migrations before returning.
 *
 * Without `databaseUrl` the data lives in an embedded PGlite (PostgreSQL
 * compiled to WebAssembly) under `<dataDir>/pglite`, so a single process needs
 * no database server; with it, Prisma connects through `@prisma/adapter-pg`.
 * Both run the same SQL migrations, so the two behave alike.
 *
 * @throws {MigrationError} when the schema cannot be brought up to date.
 * @example
 * ```ts
 * const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
 * const rooms = await db.prisma.room.findMany();
 * await db.close();
 * ```
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir();
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, migrationsDir, opts.logger)
    : openEmbedded(path.join(opts.dataDir, 'pglite'), migrationsDir, opts.logger);
}

function defaultMigrationsDir(): string {
  return findMigrationsDir(path.dirname(fileURLToPath(import.meta.url)));
}

async function openPostgres(url: string, migrationsDir: string, logger: Logger): Promise<Database> {
  // Twice pg's default: a buzz-group split sends hundreds of people into rooms within a second.
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  // An idle client's error (server restart, network cut) is emitted on the
  // pool; unhandled, it would crash the process instead of failing one query.
  pool.on('error', (error) => logger.warn({ err: error }, 'PostgreSQL connection error'));
  try {
    // One dedicated connection: the migration lock and transactions are per session.
    const client = await pool.connect().catch((error: unknown) => {
      throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${describeError(error)}`, {
        cause: error,
      });
    });
    try {
      await applyMigrations(pgSession(client), migrationsDir, logger);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }

  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: 'postgres',
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
      // The pool is ours, not the adapter's: PrismaPg leaves external pools open.
      await pool.end();
    },
  };
}

async function openEmbedded(directory: string, migrationsDir: string, logger: Logger): Promise<Database> {
  await mkdir(directory, { recursive: true });
  const pglite = await PGlite.create({ dataDir: directory });
  try {
    await applyMigrations(pgliteSession(pglite), migrationsDir, logger);
  } catch (error) {
    await pglite.close();
    throw error;
  }

  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: 'embedded',
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
      // Flushes and releases the data directory, so the next open sees every write.
      await pglite.close();
    },
  };
}

function pgSession(client: pg.PoolClient): SqlSession {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      (await client.query<Row>(sql, [...params])).rows,
    // No parameters, so node-postgres uses the simple protocol, which accepts
    // several statements in one string.
    exec: async (script) => {
      await client.query(script);
    },
  };
}

function pgliteSession(db: PGlite): SqlSession {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) =>
      (await db.query<Row>(sql, [...params])).rows,
    exec: async (script) => {
      await db.exec(script);
    },
  };
}

/** The URL without its password, fit for logs and error messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join('; ');
  }
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * The database is too busy to take the query now (Prisma waited too long to
 * start it): a moment later it will be fine, so callers are told UNAVAILABLE
 * (clients retry that), not INTERNAL.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2028' || error.code === 'P2024');
}
