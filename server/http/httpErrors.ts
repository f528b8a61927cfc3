import type { NextFunction, Request, Response } from 'express';
import { AppError, type ErrorBody, type ErrorCode } from '../../shared/errors.js';
import { databaseUnavailability, STORAGE_UNAVAILABLE } from '../db/databaseUnavailable.js';

/** The HTTP status of each error code the HTTP API answers with; any other is a 500. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STALE_PAGE: 403,
  ACCOUNT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  // The link was real, and is gone for good: a new one is needed.
  INVITATION_REVOKED: 410,
  INVITATION_EXPIRED: 410,
  // Too many attempts (sign-in): the message says how long to wait.
  RATE_LIMITED: 429,
  // Passing (the database stalled, the server restarting): clients and load balancers try again.
  UNAVAILABLE: 503,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 500;
}

/** Answers with the error's status and `{ error: { code, message } }`, as the socket's acks carry it. */
export function sendAppError(res: Response, error: AppError): void {
  sendErrorBody(res, error.toBody());
}

function sendErrorBody(res: Response, body: ErrorBody): void {
  res.status(httpStatusOf(body.code)).json({ error: body });
}

/**
 * Answers 503 UNAVAILABLE (reason `storage`) when `error` says the database
 * is not answering, as the socket's acks do; returns false, answering
 * nothing, for any other error. One warning line, no stack: it is a passing
 * state of the database, not a fault of the server.
 */
export function answerDatabaseUnavailable(error: unknown, req: Request, res: Response): boolean {
  const unavailability = databaseUnavailability(error);
  if (unavailability === null) return false;
  // pino-http's logger carries the request id; a router used without it still answers.
  req.log?.warn({ unavailability, url: req.originalUrl }, 'database not answering; answered 503');
  sendErrorBody(res, STORAGE_UNAVAILABLE);
  return true;
}

/**
 * Error middleware for a router: an AppError is answered (see {@link sendAppError}),
 * a database that is not answering too (see {@link answerDatabaseUnavailable}),
 * anything else passed on.
 */
export function answerAppErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (error instanceof AppError) sendAppError(res, error);
  else if (!answerDatabaseUnavailable(error, req, res)) next(error);
}

/** The token of `Authorization: Bearer <token>`; null when there is none or the header is malformed. */
export function bearerToken(req: Request): string | null {
  return /^Bearer ([^\s]{1,4096})$/.exec(req.get('authorization') ?? '')?.[1] ?? null;
}
