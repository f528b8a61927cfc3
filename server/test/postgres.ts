import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throw-away database on the test PostgreSQL server. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const START_COMMAND = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
/** Runs test files with the servers `npm test` uses: private ones when none is running. */
const RUN_WITH_SERVICES = 'bash scripts/test-services.sh npx vitest run <file>';

/**
 * Creates a fresh, uniquely named database on the PostgreSQL server at
 * `TEST_POSTGRES_URL` (default {@link DEFAULT_URL}), so test files never see
 * each other's rows or schema.
 *
 * Integration tests need the real server: when it cannot be reached this
 * throws (it never skips), saying where it looked and how to start it.
 *
 * @example
 * ```ts
 * const database = await createTestDatabase();
 * const db = await openDatabase({ databaseUrl: database.url, dataDir, logger });
 * // …
 * await db.close();
 * await database.drop();
 * ```
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_URL || DEFAULT_URL;
  const name = `convene_test_${process.pid}_${randomBytes(6).toString('hex')}`;

  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      // FORCE ends connections a failed test left open (PostgreSQL 13+).
      await withAdminClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

async function withAdminClient<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  // A refused connection fails at once; the ceiling is for a server too busy to answer quickly.
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 30_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = describeConnectError(error);
    throw new Error(
      `PostgreSQL is required for this test, but it could not be reached at ${redact(adminUrl)} ` +
        `(set TEST_POSTGRES_URL to use another server): ${reason}.\n` +
        `Start the local server with: ${START_COMMAND}\n` +
        `or run the tests with a private one: ${RUN_WITH_SERVICES}`,
      { cause: error },
    );
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Node reports a refused `localhost` (IPv4 and IPv6 tried) as an AggregateError with no message. */
function describeConnectError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeConnectError).join('; ');
  }
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The URL without its password, fit for an error message. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable TEST_POSTGRES_URL)';
  }
}
