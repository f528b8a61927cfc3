import type { ErrorBody } from '../../shared/errors.js';

/**
 * Why the database could not take a request, when that is a passing state
 * of the database (or the way to it) rather than a fault of the request:
 * stalled, restarting, cut off, or too busy.
 */
export type DatabaseUnavailability =
  /** No connection within the connect timeout: opening one, or waiting for one of the pool's. */
  | 'connect-timeout'
  /** The server did not answer within the client's query timeout (stopped, or the network cut). */
  | 'query-timeout'
  /** The server cancelled the statement at its statement_timeout (a lock held long, a server overloaded). */
  | 'statement-timeout'
  /** Nothing answered at the database's address. */
  | 'unreachable'
  /** The connection broke, or the server is shutting down or starting up. */
  | 'connection-lost'
  /** Too many connections, or a transaction could not start or outlived its time. */
  | 'busy';

/**
 * What a request is answered when the database is not answering: a socket
 * ack or an HTTP body (503). `reason: 'storage'` lets clients say what is
 * wrong ("reconnecting to the server's storage") and retry.
 */
export const STORAGE_UNAVAILABLE: ErrorBody = {
  code: 'UNAVAILABLE',
  message: "the server's storage is not answering; try again in a moment",
  reason: 'storage',
};

/**
 * Why `error` says the database is unavailable, or null when it says
 * something else (a constraint, a bug, anything not PostgreSQL's).
 *
 * Prisma 7 with `@prisma/adapter-pg` throws, found by experiment
 * (databaseUnavailable.test.ts makes each one):
 * - a `PrismaClientKnownRequestError` whose `meta.driverAdapterError.cause`
 *   is the adapter's reading of pg's error: `{ kind: 'postgres', code }`
 *   with the SQLSTATE (57014 for a statement timeout, P2039 or P2010
 *   outside), or `{ kind: 'DatabaseNotReachable' | 'ConnectionClosed' | … }`
 *   for socket errors (P1001, P1017);
 * - pg's own `Error` unchanged (`clientVersion` added) for what the adapter
 *   does not map: a query or connect timeout, a connection ended under a query;
 * - P2028 when a transaction cannot start within `maxWait` or outlives its timeout.
 */
export function databaseUnavailability(error: unknown): DatabaseUnavailability | null {
  return classify(error, 0);
}

/** Whether `error` says the database is unavailable (see {@link databaseUnavailability}). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailability(error) !== null;
}

/** pg's answer when no reply came within `query_timeout`. */
export function isQueryReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === PG_MESSAGES.queryTimeout;
}

/** The messages of pg's and pg-pool's own errors (8.x), which carry no code. */
const PG_MESSAGES = {
  queryTimeout: 'Query read timeout',
  poolWaitTimeout: 'timeout exceeded when trying to connect',
  connectTimeout: 'Connection terminated due to connection timeout',
} as const;

const BY_PG_MESSAGE: Record<string, DatabaseUnavailability> = {
  [PG_MESSAGES.queryTimeout]: 'query-timeout',
  [PG_MESSAGES.poolWaitTimeout]: 'connect-timeout',
  [PG_MESSAGES.connectTimeout]: 'connect-timeout',
  'Connection terminated unexpectedly': 'connection-lost',
  'Connection terminated': 'connection-lost',
  'Client has encountered a connection error and is not queryable': 'connection-lost',
  'Client was closed and is not queryable': 'connection-lost',
};

/** Prisma's own codes for a database it could not use (the rest say something about the request). */
const BY_PRISMA_CODE: Record<string, DatabaseUnavailability> = {
  P1001: 'unreachable',
  P1002: 'connect-timeout',
  P1008: 'query-timeout',
  P1017: 'connection-lost',
  P2024: 'connect-timeout',
  P2028: 'busy',
};

/** `@prisma/adapter-pg`'s kinds for socket errors. */
const BY_ADAPTER_KIND: Record<string, DatabaseUnavailability> = {
  DatabaseNotReachable: 'unreachable',
  ConnectionClosed: 'connection-lost',
  SocketTimeout: 'query-timeout',
  TooManyConnections: 'busy',
};

const BY_SOCKET_CODE: Record<string, DatabaseUnavailability> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ETIMEDOUT: 'connect-timeout',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
};

/** PostgreSQL's SQLSTATEs that say the server cannot take the statement now. */
function bySqlState(code: string): DatabaseUnavailability | null {
  if (code === '57014') return 'statement-timeout'; // query_canceled: statement_timeout (or a cancel request)
  if (code === '53300') return 'busy'; // too_many_connections
  // admin_shutdown, crash_shutdown, cannot_connect_now; then class 08, connection exceptions.
  if (code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('08')) return 'connection-lost';
  return null;
}

// Deep enough for Prisma → adapter error → pg error → its cause; bounded against a cycle.
const MAX_DEPTH = 6;

function classify(error: unknown, depth: number): DatabaseUnavailability | null {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return null;
  const found = classifyOne(error as Record<string, unknown>);
  if (found) return found;
  const { meta, cause } = error as { meta?: unknown; cause?: unknown };
  // Prisma keeps the adapter's error in meta; the adapter keeps its reading of pg's in cause.
  const adapterError = typeof meta === 'object' && meta !== null ? (meta as { driverAdapterError?: unknown }).driverAdapterError : undefined;
  const nested = [adapterError, cause, ...(error instanceof AggregateError ? error.errors : [])];
  for (const inner of nested) {
    const result = classify(inner, depth + 1);
    if (result) return result;
  }
  return null;
}

function classifyOne(error: Record<string, unknown>): DatabaseUnavailability | null {
  const { code, kind, message } = error;
  // The adapter's reading of pg's error: { kind: 'postgres', code: SQLSTATE } or a socket kind.
  if (typeof kind === 'string') {
    if (kind === 'postgres') return typeof code === 'string' ? bySqlState(code) : null;
    return BY_ADAPTER_KIND[kind] ?? null;
  }
  // Prisma's codes (P1001, …); pg's DatabaseError's SQLSTATE; Node's socket errors' E-codes.
  if (typeof code === 'string') {
    const found = BY_PRISMA_CODE[code] ?? bySqlState(code) ?? BY_SOCKET_CODE[code];
    if (found) return found;
  }
  // pg's and pg-pool's own errors say it in words only.
  return error instanceof Error && typeof message === 'string' ? (BY_PG_MESSAGE[message] ?? null) : null;
}
