import type { NextFunction, Request, Response } from 'express';
import { AppError, type ErrorCode } from '../../shared/errors.js';

/** The HTTP status of each error code the HTTP API answers with; any other is a 500. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // The link was real, and is gone for good: a new one is needed.
  INVITATION_REVOKED: 410,
  INVITATION_EXPIRED: 410,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 500;
}

/** Answers with the error's status and `{ error: { code, message } }`, as the socket's acks carry it. */
export function sendAppError(res: Response, error: AppError): void {
  res.status(httpStatusOf(error.code)).json({ error: error.toBody() });
}

/** Error middleware for a router: an AppError is answered (see {@link sendAppError}), anything else passed on. */
export function answerAppErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (error instanceof AppError) sendAppError(res, error);
  else next(error);
}

/** The token of `Authorization: Bearer <token>`; null when there is none or the header is malformed. */
export function bearerToken(req: Request): string | null {
  return /^Bearer ([^\s]{1,4096})$/.exec(req.get('authorization') ?? '')?.[1] ?? null;
}
