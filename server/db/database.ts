import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Logger } from '../logger.js';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, findMigrationsDir, type SqlSession } from './migrate.js';
import { isQueryReadTimeout } from './databaseUnavailable.js';

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
  /** PostgreSQL only (PGlite answers in this process, or not at all): defaults to {@link DEFAULT_DATABASE_TIMEOUTS}. */
  timeouts?: DatabaseTimeouts | undefined;
}

/**
 * How long a request may wait on PostgreSQL before it fails (and is answered
 * UNAVAILABLE, which clients retry) instead of hanging while the database
 * stalls. Start-up migrations wait for their connection this long, but their
 * statements take as long as they need.
 */
export interface DatabaseTimeouts {
  /** Getting a connection: opening a new one, or waiting for one of the pool's while all are busy. */
  connectTimeoutMs: number;
  /** One statement. The server cancels it then; the client gives up a little later if the server cannot (stopped, cut off). */
  statementTimeoutMs: number;
}

/** DB_CONNECT_TIMEOUT_MS and DB_STATEMENT_TIMEOUT_MS's defaults (server/config.ts). */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectTimeoutMs: 3000, statementTimeoutMs: 5000 };

/**
 * How much longer than the statement timeout the client waits for an answer.
 * A live server cancels the statement itself and says why (SQLSTATE 57014),
 * leaving the connection reusable; only a server that cannot answer at all
 * reaches this, and its connection is then thrown away.
 */
const QUERY_TIMEOUT_MARGIN_MS = 1000;

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
    ? openPostgres(opts.databaseUrl, migrationsDir, opts.logger, opts.timeouts ?? DEFAULT_DATABASE_TIMEOUTS)
    : openEmbedded(path.join(opts.dataDir, 'pglite'), migrationsDir, opts.logger);
}

function defaultMigrationsDir(): string {
  return findMigrationsDir(path.dirname(fileURLToPath(import.meta.url)));
}

async function openPostgres(url: string, migrationsDir: string, logger: Logger, timeouts: DatabaseTimeouts): Promise<Database> {
  await migratePostgres(url, migrationsDir, logger, timeouts.connectTimeoutMs);

  const pool = new pg.Pool({
    connectionString: url,
    // Twice pg's default: a buzz-group split sends hundreds of people into rooms within a second.
    max: 20,
    Client: ClientDroppingStalledConnections,
    // Covers waiting for a pooled connection while all are busy, not only opening a new one (pg-pool's connect()).
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
  });
  // An idle client's error (server restart, network cut) is emitted on the
  // pool; unhandled, it would crash the process instead of failing one query.
  // Its message only: pg-pool hangs the whole client (parameters, buffers) on the error.
  pool.on('error', (error) => logger.warn({ reason: describeError(error) }, 'PostgreSQL connection lost while idle'));

  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    // Starting a transaction is getting a connection (and BEGIN): it may wait
    // as long as any other query would. (Prisma's default is 2 s; when it
    // gives up first, it rolls back and releases the connection that came late.)
    transactionOptions: { maxWait: timeouts.connectTimeoutMs },
  });
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

/**
 * Applies pending migrations on a connection of their own, outside the pool:
 * a migration may rightly run for minutes, and a second process starting at
 * the same time waits on the first one's migration lock for as long as it
 * takes, so neither timeout of the pool applies here.
 */
async function migratePostgres(url: string, migrationsDir: string, logger: Logger, connectTimeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // Unhandled, a connection lost mid-migration would crash the process instead of failing the start-up.
  client.on('error', (error) => logger.warn({ reason: describeError(error) }, 'PostgreSQL connection lost during migrations'));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${describeError(error)}`, { cause: error });
  }
  try {
    // Also when the role or database has a statement_timeout of its own.
    await client.query('SET statement_timeout = 0');
    await applyMigrations(pgSession(client), migrationsDir, logger);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A pg client that ends its connection when a query outlives `query_timeout`
 * (a stopped or cut-off server: a live one cancels the statement earlier,
 * at `statement_timeout`).
 *
 * pg answers the caller then, but leaves the statement pending on the
 * connection and the connection in the pool. Inside a transaction that
 * loses data: Prisma's ROLLBACK queues behind the pending statement, times
 * out in turn and is dropped unsent, and Prisma releases the connection
 * still inside the transaction; once the server answers again, whatever
 * runs next on that connection is acknowledged and never committed (seen:
 * 5 of 20 writes after a stall; databaseStall.int.test.ts checks it).
 * Ended, the connection is dropped by the pool at release, and whatever
 * was queued on it fails at once.
 */
class ClientDroppingStalledConnections extends pg.Client {
  // Every overload of pg's query() goes through here unchanged: with a callback last, or returning a promise.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's dozen overloads, wrapped as they are
  override query(...args: any[]): any {
    const callback: unknown = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        this.endIfStalled(error);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
      return super.query(...(args as Parameters<pg.Client['query']>));
    }
    const result: unknown = super.query(...(args as Parameters<pg.Client['query']>));
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      this.endIfStalled(error);
      throw error;
    });
  }

  private endIfStalled(error: unknown): void {
    if (isQueryReadTimeout(error)) void this.end().catch(() => undefined);
  }
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

function pgSession(client: pg.ClientBase): SqlSession {
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
