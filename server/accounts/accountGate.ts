import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { AccountView } from '../../shared/accounts.js';
import { AppError } from '../../shared/errors.js';
import { describeIssues } from '../realtime/registerHandler.js';
import type { AccountService } from './accountService.js';

export interface AccountGateDeps {
  accounts: Pick<AccountService, 'accountOf'>;
  /** Signs the CSRF tokens (derived from the server's secret). */
  csrfSecret: string;
  /** Cookies only over HTTPS (PUBLIC_URL is https), with the `__Host-` prefix then. */
  secureCookies: boolean;
}

/**
 * What every route behind an account shares: the session cookie (HttpOnly,
 * SameSite=Lax, Secure over HTTPS) holding a random token, and the CSRF
 * check every state-changing request passes (`x-csrf-token`, from
 * `GET /api/account/csrf`, matching its cookie: csrf-csrf's double submit,
 * bound to the session).
 */
export interface AccountGate {
  /** Reads the cookies; mount before the routes. */
  cookies: RequestHandler;
  /** Refuses a request whose CSRF token is missing or stale (STALE_PAGE). */
  requireCsrf: RequestHandler;
  /** The signed-in account, or UNAUTHENTICATED. */
  signedIn(req: Request): Promise<AccountView>;
  /** The session cookie's token ('' without one). */
  sessionOf(req: Request): string;
  setSession(res: Response, token: string, maxAgeMs: number): void;
  clearSession(res: Response): void;
  csrfToken(req: Request, res: Response): string;
}

export function createAccountGate(deps: AccountGateDeps): AccountGate {
  const prefix = deps.secureCookies ? '__Host-' : '';
  const SESSION_COOKIE = `${prefix}convene.session`;
  const sessionCookie: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/' };
  const sessionOf = (req: Request): string => (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE] ?? '';

  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => deps.csrfSecret,
    getSessionIdentifier: sessionOf,
    cookieName: `${prefix}convene.csrf`,
    cookieOptions: { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, path: '/' },
    getCsrfTokenFromRequest: (req) => req.get('x-csrf-token'),
  });

  return {
    cookies: cookieParser(),
    requireCsrf: (req, _res, next) => {
      if (validateRequest(req)) next();
      else next(new AppError('STALE_PAGE', 'this page is out of date: reload it and try again'));
    },
    async signedIn(req) {
      const token = sessionOf(req);
      const account = token ? await deps.accounts.accountOf(token) : null;
      if (!account) throw new AppError('UNAUTHENTICATED', 'sign in first');
      return account;
    },
    sessionOf,
    setSession(res, token, maxAgeMs) {
      res.cookie(SESSION_COOKIE, token, { ...sessionCookie, maxAge: maxAgeMs });
    },
    clearSession(res) {
      res.clearCookie(SESSION_COOKIE, sessionCookie);
    },
    csrfToken: (req, res) => generateCsrfToken(req, res),
  };
}

/** The body as the schema reads it, or INVALID_PAYLOAD saying what is wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('INVALID_PAYLOAD', describeIssues(parsed.error));
  return parsed.data;
}
