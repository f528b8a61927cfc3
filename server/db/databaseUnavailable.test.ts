import net from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { databaseUnavailability, isDatabaseUnavailable, isQueryReadTimeout } from './databaseUnavailable.js';
import { PrismaClient } from './generated/client.js';

/**
 * What a fake PostgreSQL does with each statement after a normal start-up:
 * fail it with a SQLSTATE, never answer, or hang up.
 */
type Behaviour = { fail: { code: string; message: string } } | 'silent' | 'hang-up';

/**
 * Just enough of PostgreSQL's wire protocol (v3) for pg and Prisma to
 * connect and send a statement, so that the errors classified below are the
 * ones the real libraries throw, made without a database server. (The
 * integration test, databaseStall.int.test.ts, makes them against a real one.)
 */
async function startFakePostgres(behaviour: Behaviour, { answerStartup = true } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let isStarted = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        // The start-up message has no type byte; every later one has.
        const header = isStarted ? 5 : 4;
        if (buffer.length < header) return;
        const length = buffer.readInt32BE(header - 4) + (isStarted ? 1 : 0);
        if (buffer.length < length) return;
        const type = isStarted ? String.fromCharCode(buffer[0]!) : null;
        buffer = buffer.subarray(length);
        if (type === null) {
          isStarted = true;
          if (answerStartup) socket.write(Buffer.concat([message('R', int32(0)), readyForQuery()]));
        } else if (type === 'Q' || type === 'S') {
          answer(socket, behaviour);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgresql://convene@127.0.0.1:${port}/convene`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(socket: net.Socket, behaviour: Behaviour): void {
  if (behaviour === 'silent') return;
  if (behaviour === 'hang-up') {
    socket.destroy();
    return;
  }
  const { code, message: text } = behaviour.fail;
  const fields = Buffer.concat([field('S', 'ERROR'), field('V', 'ERROR'), field('C', code), field('M', text), Buffer.from([0])]);
  socket.write(Buffer.concat([message('E', fields), readyForQuery()]));
}

const int32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
};
const message = (type: string, body: Buffer) => Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
const field = (type: string, value: string) => Buffer.concat([Buffer.from(type), Buffer.from(`${value}\0`)]);
const readyForQuery = () => message('Z', Buffer.from('I'));

/** What `run` rejects with. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function fakePostgres(behaviour: Behaviour, options?: { answerStartup?: boolean }) {
  const fake = await startFakePostgres(behaviour, options);
  cleanups.push(fake.close);
  return fake.url;
}

function pool(config: pg.PoolConfig): pg.Pool {
  const created = new pg.Pool(config);
  created.on('error', () => undefined);
  cleanups.push(() => created.end());
  return created;
}

function prismaOn(config: pg.PoolConfig): PrismaClient {
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool(config)) });
  cleanups.push(() => prisma.$disconnect());
  return prisma;
}

const STATEMENT_TIMEOUT = { code: '57014', message: 'canceling statement due to statement timeout' };

describe('databaseUnavailability, with the errors pg and Prisma really throw', () => {
  it('a statement the server cancelled at statement_timeout (SQLSTATE 57014)', async () => {
    const url = await fakePostgres({ fail: STATEMENT_TIMEOUT });
    const fromPg = await failureOf(() => pool({ connectionString: url }).query('SELECT 1'));
    expect(fromPg).toMatchObject({ code: '57014' });
    expect(databaseUnavailability(fromPg)).toBe('statement-timeout');

    const prisma = prismaOn({ connectionString: url });
    // A model query (P2039 in Prisma 7) and a raw one (P2010) keep pg's error in meta.driverAdapterError.
    const fromModel = await failureOf(() => prisma.room.findMany());
    const fromRaw = await failureOf(() => prisma.$queryRaw`SELECT 1`);
    expect(fromModel).toMatchObject({ name: 'PrismaClientKnownRequestError' });
    expect(databaseUnavailability(fromModel)).toBe('statement-timeout');
    expect(databaseUnavailability(fromRaw)).toBe('statement-timeout');
  });

  it('a server shutting down under the statement (57P01)', async () => {
    const url = await fakePostgres({ fail: { code: '57P01', message: 'terminating connection due to administrator command' } });
    const prisma = prismaOn({ connectionString: url });
    expect(databaseUnavailability(await failureOf(() => prisma.$queryRaw`SELECT 1`))).toBe('connection-lost');
  });

  it('no answer within query_timeout (a stopped server): pg gives up, and says so', async () => {
    const url = await fakePostgres('silent');
    const fromPg = await failureOf(() => pool({ connectionString: url, query_timeout: 50 }).query('SELECT 1'));
    expect(isQueryReadTimeout(fromPg)).toBe(true);
    expect(databaseUnavailability(fromPg)).toBe('query-timeout');

    // Prisma passes pg's error on unchanged (the adapter does not map it).
    const prisma = prismaOn({ connectionString: url, query_timeout: 50 });
    expect(databaseUnavailability(await failureOf(() => prisma.room.count()))).toBe('query-timeout');
  });

  it('no connection within the connect timeout: a server that never finishes the start-up', async () => {
    const url = await fakePostgres('silent', { answerStartup: false });
    const error = await failureOf(() => pool({ connectionString: url, connectionTimeoutMillis: 50 }).query('SELECT 1'));
    expect(databaseUnavailability(error)).toBe('connect-timeout');

    const prisma = prismaOn({ connectionString: url, connectionTimeoutMillis: 50 });
    expect(databaseUnavailability(await failureOf(() => prisma.room.count()))).toBe('connect-timeout');
  });

  it('no connection within the connect timeout: every one of the pool busy', async () => {
    const url = await fakePostgres('silent');
    const busy = pool({ connectionString: url, max: 1, connectionTimeoutMillis: 100 });
    const held = await busy.connect();
    try {
      expect(databaseUnavailability(await failureOf(() => busy.query('SELECT 1')))).toBe('connect-timeout');
    } finally {
      held.release();
    }
  });

  it('nothing listening at the address', async () => {
    const closed = await startFakePostgres('silent');
    await closed.close();
    const fromPg = await failureOf(() => pool({ connectionString: closed.url }).query('SELECT 1'));
    expect(fromPg).toMatchObject({ code: 'ECONNREFUSED' });
    expect(databaseUnavailability(fromPg)).toBe('unreachable');

    const prisma = prismaOn({ connectionString: closed.url });
    const fromPrisma = await failureOf(() => prisma.room.count());
    expect(fromPrisma).toMatchObject({ code: 'P1001' });
    expect(databaseUnavailability(fromPrisma)).toBe('unreachable');
    // Node reports a refused name with several addresses as an AggregateError of them.
    expect(databaseUnavailability(new AggregateError([fromPg, fromPg]))).toBe('unreachable');
  });

  it('a connection that breaks under the statement', async () => {
    const url = await fakePostgres('hang-up');
    const fromPg = await failureOf(() => pool({ connectionString: url }).query('SELECT 1'));
    expect(databaseUnavailability(fromPg)).toBe('connection-lost');

    const prisma = prismaOn({ connectionString: url });
    expect(databaseUnavailability(await failureOf(() => prisma.room.count()))).toBe('connection-lost');
  });

  it('is null for what the request itself did wrong, and for anything not the database', async () => {
    const url = await fakePostgres({ fail: { code: '23505', message: 'duplicate key value violates unique constraint "Room_pkey"' } });
    const duplicate = await failureOf(() => prismaOn({ connectionString: url }).room.create({ data: { id: 'r', title: 'R' } }));
    expect(duplicate).toMatchObject({ code: 'P2002' });
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(await failureOf(() => pool({ connectionString: url }).query('SELECT 1')))).toBe(false);

    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(new AppError('NOT_FOUND', 'no such room'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('Query read timeout')).toBe(false);
  });

  it('stops at a cycle of causes', () => {
    const error = new Error('outer');
    (error as { cause?: unknown }).cause = error;
    expect(databaseUnavailability(error)).toBeNull();
  });
});
