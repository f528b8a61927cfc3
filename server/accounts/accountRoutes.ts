import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type CookieOptions, type Request, type RequestHandler, type Router } from 'express';
import type { z } from 'zod';
import {
  changeEmailSchema,
  deleteAccountSchema,
  resetPasswordSchema,
  resetRequestSchema,
  signInRequestSchema,
  signUpRequestSchema,
  verifyEmailRequestSchema,
  type AccountExport,
  type AccountView,
  type CsrfTokenResponse,
} from '../../shared/accounts.js';
import { AppError } from '../../shared/errors.js';
import { limitByAddress, type AddressBudget } from '../http/addressLimit.js';
import { answerAppErrors } from '../http/httpErrors.js';
import { clientAddress } from '../realtime/clientAddress.js';
import { describeIssues } from '../realtime/registerHandler.js';
import { SESSION_IDLE_MS, type AccountService } from './accountService.js';

export interface AccountRouteDeps {
  accounts: AccountService;
  /** Signs the CSRF tokens (derived from the server's secret). */
  csrfSecret: string;
  /** Cookies only over HTTPS (PUBLIC_URL is https), with the `__Host-` prefix then. */
  secureCookies: boolean;
  trustedProxies: number;
  /** Requests that send email, per network address (RateLimits.identityMinted). */
  addressBudget: AddressBudget;
}

/**
 * `/api/account`: sign-up, the emailed confirmation, sign-in and out. The
 * session is a cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) holding
 * a random token; every state-changing request carries a CSRF token
 * (`x-csrf-token`, from `GET /api/account/csrf`) matching its cookie
 * (csrf-csrf's double submit, bound to the session).
 */
export function createAccountRouter(deps: AccountRouteDeps): Router {
  const prefix = deps.secureCookies ? '__Host-' : '';
  const SESSION_COOKIE = `${prefix}convene.session`;
  const sessionCookie: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/' };
  const sessionOf = (req: Request): string => (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE] ?? '';

  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => deps.csrfSecret,
    getSessionIdentifier: sessionOf,
    cookieName: `${prefix}convene.csrf`,
    cookieOptions: { httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, path: '/' },
    getCsrfTokenFromRequest: (req) => req.get('x-csrf-token'),
  });
  const requireCsrf: RequestHandler = (req, _res, next) => {
    if (validateRequest(req)) next();
    else next(new AppError('STALE_PAGE', 'this page is out of date: reload it and try again'));
  };
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AppError('INVALID_PAYLOAD', describeIssues(parsed.error));
    return parsed.data;
  };
  const signedIn = async (req: Request): Promise<AccountView> => {
    const token = sessionOf(req);
    const account = token ? await deps.accounts.accountOf(token) : null;
    if (!account) throw new AppError('UNAUTHENTICATED', 'sign in first');
    return account;
  };

  const router = express.Router();
  router.use(cookieParser());
  // Nothing here may be cached: it is about who is signed in.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/csrf', (req, res) => {
    // The cookie's token is kept when it is still good: another tab's page keeps working.
    res.json({ csrfToken: generateCsrfToken(req, res) } satisfies CsrfTokenResponse);
  });

  // Each sends an email: bounded per network address, like new identities.
  const perAddress = limitByAddress(deps.addressBudget, deps.trustedProxies, 'requests');
  const addressOf = (req: Request) => clientAddress(req, deps.trustedProxies);

  router.post('/sign-up', perAddress, requireCsrf, async (req, res) => {
    await deps.accounts.signUp(parse(signUpRequestSchema, req.body));
    // The same answer whether or not the address had an account.
    res.status(202).json({ ok: true });
  });

  router.post('/verify', requireCsrf, async (req, res) => {
    await deps.accounts.verifyEmail(parse(verifyEmailRequestSchema, req.body).token);
    res.json({ ok: true });
  });

  router.post('/sign-in', requireCsrf, async (req, res) => {
    const { token, account } = await deps.accounts.signIn(parse(signInRequestSchema, req.body), addressOf(req));
    res.cookie(SESSION_COOKIE, token, { ...sessionCookie, maxAge: SESSION_IDLE_MS });
    res.json(account satisfies AccountView);
  });

  router.get('/me', async (req, res) => {
    const account = await signedIn(req);
    // The session's expiry slides with use (accountOf): so does the cookie's.
    res.cookie(SESSION_COOKIE, sessionOf(req), { ...sessionCookie, maxAge: SESSION_IDLE_MS });
    res.json(account satisfies AccountView);
  });

  router.post('/sign-out', requireCsrf, async (req, res) => {
    const token = sessionOf(req);
    if (token) await deps.accounts.signOut(token);
    res.clearCookie(SESSION_COOKIE, sessionCookie);
    res.json({ ok: true });
  });

  router.post('/sign-out-everywhere', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    const sessions = await deps.accounts.signOutEverywhere(account.id);
    res.clearCookie(SESSION_COOKIE, sessionCookie);
    res.json({ ok: true, sessions });
  });

  router.post('/reset-request', perAddress, requireCsrf, (req, res) => {
    const { email } = parse(resetRequestSchema, req.body);
    // Answered before looking: the same answer, as fast, whether or not the address has an account.
    res.status(202).json({ ok: true });
    deps.accounts.requestReset(email).catch((error: unknown) => req.log?.warn({ err: error }, 'password reset link not written'));
  });

  router.post('/reset', requireCsrf, async (req, res) => {
    const { token, password } = parse(resetPasswordSchema, req.body);
    await deps.accounts.resetPassword(token, password);
    res.clearCookie(SESSION_COOKIE, sessionCookie);
    res.json({ ok: true });
  });

  router.post('/email', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    const { email, password } = parse(changeEmailSchema, req.body);
    await deps.accounts.requestEmailChange(account.id, email, password, addressOf(req));
    res.status(202).json({ ok: true });
  });

  router.post('/email/confirm', requireCsrf, async (req, res) => {
    await deps.accounts.confirmEmailChange(parse(verifyEmailRequestSchema, req.body).token);
    res.json({ ok: true });
  });

  router.get('/export', async (req, res) => {
    const account = await signedIn(req);
    res.attachment('convene-account.json').json((await deps.accounts.exportData(account.id)) satisfies AccountExport);
  });

  router.post('/delete', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    await deps.accounts.deleteAccount(account.id, parse(deleteAccountSchema, req.body).password, addressOf(req));
    res.clearCookie(SESSION_COOKIE, sessionCookie);
    res.json({ ok: true });
  });

  router.use(answerAppErrors);
  return router;
}
