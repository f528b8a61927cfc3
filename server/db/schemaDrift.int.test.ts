import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as engineBindingsModule from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { openDatabase } from './database.js';

/**
 * Proves, with Prisma's own schema engine (the WebAssembly build, driven
 * through the same driver adapters as the app), that
 * - a database migrated at start-up matches schema.prisma (no drift), on
 *   PGlite and on PostgreSQL, and that the check does catch drift;
 * - the committed migrations reproduce schema.prisma;
 * - Prisma Migrate and our start-up read each other's bookkeeping, so
 *   `prisma migrate deploy` works on a database we migrated, and back.
 */

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const schemaPath = path.join(repoRoot, 'prisma', 'schema.prisma');
const migrationsDir = path.join(repoRoot, 'prisma', 'migrations');
const silent = pino({ level: 'silent' });
const noFilters = { externalTables: [], externalEnums: [] };

// --- Prisma's schema engine ------------------------------------------------

type EngineBindings = typeof engineBindingsModule;

let bindings: Promise<EngineBindings> | undefined;

/**
 * The package's entry point imports the .wasm file as an ES module, which
 * Node 20 cannot do without a flag; instantiate it ourselves instead, once
 * per test file (the bindings keep the instance in module state).
 */
function loadEngineBindings(): Promise<EngineBindings> {
  bindings ??= (async () => {
    const module = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const jsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasm = await readFile(path.join(path.dirname(jsPath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm, { './schema_engine_bg.js': module });
    module.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === 'function') start();
    return module;
  })();
  return bindings;
}

async function withSchemaEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  use: (engine: SchemaEngine, schema: string) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineBindings();
  const schema = await readFile(schemaPath, 'utf8');
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    return await use(engine, schema);
  } finally {
    engine.free();
  }
}

/** `prisma migrate diff --from-config-datasource --to-schema prisma/schema.prisma --script --exit-code` */
function diffDatabaseAgainstSchema(engine: SchemaEngine, schema: string) {
  const files = [{ path: 'schema.prisma', content: schema }];
  return engine.diff({
    from: { tag: 'schemaDatasource', files, configDir: repoRoot },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: true,
    filters: noFilters,
  });
}

async function loadMigrationList(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8'),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, folder, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

// --- The two backends, as the schema engine and the tests reach them --------

/** A PostgreSQL `"char"` column (one byte, only found in the system catalogs). */
const PG_CHAR = pg.types.builtins.CHAR;

/**
 * `@prisma/adapter-pg` 7.10 maps no column type for PostgreSQL's internal
 * `"char"`, which the schema engine's catalog queries return (`relkind`,
 * `contype`, …), so introspection fails with "Column type 'char' could not be
 * deserialized". Its values are one-character strings, so announce those
 * columns as text before the adapter looks at the row description.
 */
function schemaEngineAdapterForPostgres(url: string): { adapter: PrismaPg; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url });
  pool.on('connect', (client) => {
    client.connection.prependListener('rowDescription', (message: { fields: { dataTypeID: number }[] }) => {
      for (const field of message.fields) {
        if (field.dataTypeID === PG_CHAR) field.dataTypeID = pg.types.builtins.TEXT;
      }
    });
  });
  return { adapter: new PrismaPg(pool), pool };
}

interface Backend {
  /** Opens (and so migrates) the database through the app's start-up path, then closes it. */
  migrateWithApp(logger?: typeof silent): Promise<void>;
  /** Runs Prisma's schema engine against the same database, through the backend's driver adapter. */
  withEngine<T>(use: (engine: SchemaEngine, schema: string) => Promise<T>): Promise<T>;
  rawQuery<Row extends object>(sql: string): Promise<Row[]>;
  tearDown(): Promise<void>;
}

async function embeddedBackend(tmp: string): Promise<Backend> {
  const dataDir = await mkdtemp(path.join(tmp, 'data-'));
  const pgliteDir = path.join(dataDir, 'pglite');
  // PGlite is single-connection: the app's instance is closed before another opens the directory.
  const withPGlite = async <T>(use: (db: PGlite) => Promise<T>): Promise<T> => {
    const db = await PGlite.create({ dataDir: pgliteDir });
    try {
      return await use(db);
    } finally {
      await db.close();
    }
  };
  return {
    migrateWithApp: async (logger = silent) => {
      const db = await openDatabase({ dataDir, logger });
      await db.close();
    },
    withEngine: (use) => withPGlite((db) => withSchemaEngine(new PrismaPGlite(db), use)),
    rawQuery: <Row extends object>(sql: string) => withPGlite(async (db) => (await db.query<Row>(sql)).rows),
    tearDown: async () => undefined,
  };
}

async function postgresBackend(tmp: string): Promise<Backend> {
  const database: TestDatabase = await createTestDatabase();
  return {
    migrateWithApp: async (logger = silent) => {
      const db = await openDatabase({ databaseUrl: database.url, dataDir: tmp, logger });
      await db.close();
    },
    withEngine: async (use) => {
      const { adapter, pool } = schemaEngineAdapterForPostgres(database.url);
      try {
        return await withSchemaEngine(adapter, use);
      } finally {
        await pool.end();
      }
    },
    rawQuery: async <Row extends object>(sql: string) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query<Row>(sql)).rows;
      } finally {
        await client.end();
      }
    },
    tearDown: () => database.drop(),
  };
}

const backends = [
  { kind: 'embedded (PGlite)', create: embeddedBackend },
  { kind: 'PostgreSQL', create: postgresBackend },
];

const EMPTY_DIFF = '-- This is an empty migration.';

describe.each(backends)('schema.prisma vs the migrated database on $kind', ({ create }) => {
  let tmp: string;
  const created: Backend[] = [];

  async function newBackend(): Promise<Backend> {
    const backend = await create(tmp);
    created.push(backend);
    return backend;
  }

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-drift-'));
  });

  afterEach(async () => {
    await Promise.all(created.splice(0).map((backend) => backend.tearDown()));
    await rm(tmp, { recursive: true, force: true });
  });

  it('has no drift after start-up applied the migrations', async () => {
    const backend = await newBackend();
    await backend.migrateWithApp();

    const result = await backend.withEngine(diffDatabaseAgainstSchema);

    expect(result.stdout?.trim()).toBe(EMPTY_DIFF);
    expect(result.exitCode).toBe(0);
  });

  it('would report drift: a column added and an index dropped behind Prisma’s back', async () => {
    const backend = await newBackend();
    await backend.migrateWithApp();
    await backend.rawQuery('ALTER TABLE "Room" ADD COLUMN "extra" TEXT');
    await backend.rawQuery('DROP INDEX "RoomVisit_roomId_joinedAt_idx"');

    const result = await backend.withEngine(diffDatabaseAgainstSchema);

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('ALTER TABLE "Room" DROP COLUMN "extra"');
    expect(result.stdout).toContain('CREATE INDEX "RoomVisit_roomId_joinedAt_idx"');
  });

  it('shares bookkeeping with Prisma Migrate in both directions', async () => {
    // Migrated by us: Prisma sees a clean history and nothing to deploy.
    const ours = await newBackend();
    await ours.migrateWithApp();
    const { diagnosis, deployed } = await ours.withEngine(async (engine) => {
      const migrationsList = await loadMigrationList();
      return {
        diagnosis: await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilters }),
        // What `prisma migrate deploy` runs.
        deployed: await engine.applyMigrations({ migrationsList, filters: noFilters }),
      };
    });
    expect(diagnosis).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
    expect(deployed.appliedMigrationNames).toEqual([]);

    // Migrated by Prisma: our start-up finds nothing to apply.
    const theirs = await newBackend();
    const applied = await theirs.withEngine(async (engine) =>
      engine.applyMigrations({ migrationsList: await loadMigrationList(), filters: noFilters }),
    );
    const local = (await loadMigrationList()).migrationDirectories.map((m) => m.path);
    expect(applied.appliedMigrationNames).toEqual(local);
    const messages: string[] = [];
    const recording = pino({ level: 'debug' }, { write: (line: string) => void messages.push(line) });
    await theirs.migrateWithApp(recording);
    expect(messages.join('\n')).not.toContain('Applying migration');

    // Same table definition and the same facts in each row.
    const columns = `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
                       FROM information_schema.columns WHERE table_name = '_prisma_migrations'
                      ORDER BY ordinal_position`;
    expect(await ours.rawQuery(columns)).toEqual(await theirs.rawQuery(columns));
    const facts = `SELECT migration_name, checksum, applied_steps_count, logs, rolled_back_at,
                          finished_at IS NOT NULL AS finished
                     FROM _prisma_migrations ORDER BY migration_name`;
    const ourRows = await ours.rawQuery(facts);
    expect(ourRows).toHaveLength(local.length);
    expect(ourRows).toEqual(await theirs.rawQuery(facts));
  });
});

describe('the committed migrations', () => {
  it('reproduce schema.prisma exactly (prisma migrate diff --from-migrations --to-schema)', async () => {
    // PGlite's adapter gives the engine an in-memory shadow database to replay them on.
    const db = await PGlite.create();
    try {
      const result = await withSchemaEngine(new PrismaPGlite(db), async (engine, schema) =>
        engine.diff({
          from: { tag: 'migrations', ...(await loadMigrationList()) },
          to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
          script: true,
          exitCode: true,
          filters: noFilters,
        }),
      );

      expect(result.stdout?.trim()).toBe(EMPTY_DIFF);
      expect(result.exitCode).toBe(0);
    } finally {
      await db.close();
    }
  });
});
