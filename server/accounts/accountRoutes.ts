import express, { type Request, type Router } from 'express';
import {
  accountIdentityRequestSchema,
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
import type { CreateIdentityResponse } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { limitByAddress, type AddressBudget } from '../http/addressLimit.js';
import { answerAppErrors } from '../http/httpErrors.js';
import { clientAddress } from '../realtime/clientAddress.js';
import { parseBody, type AccountGate } from './accountGate.js';
import { SESSION_IDLE_MS, type AccountService } from './accountService.js';

export interface AccountRouteDeps {
  accounts: AccountService;
  /** The session cookie and the CSRF check (shared with the console). */
  gate: AccountGate;
  trustedProxies: number;
  /** Requests that send email, per network address (RateLimits.identityMinted). */
  addressBudget: AddressBudget;
  /** An identity for joining rooms as the signed-in account (TokenService.issueForAccount). */
  issueIdentity(account: AccountView, roomId: RoomId | null): Promise<CreateIdentityResponse>;
}

/**
 * `/api/account`: sign-up, the emailed confirmation, sign-in and out, and
 * the identity a signed-in person joins rooms with. Sessions and CSRF as
 * the gate keeps them (accountGate.ts).
 */
export function createAccountRouter(deps: AccountRouteDeps): Router {
  const { gate } = deps;
  const { requireCsrf, signedIn } = gate;

  const router = express.Router();
  router.use(gate.cookies);
  // Nothing here may be cached: it is about who is signed in.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/csrf', (req, res) => {
    // The cookie's token is kept when it is still good: another tab's page keeps working.
    res.json({ csrfToken: gate.csrfToken(req, res) } satisfies CsrfTokenResponse);
  });

  // Each sends an email: bounded per network address, like new identities.
  const perAddress = limitByAddress(deps.addressBudget, deps.trustedProxies, 'requests');
  const addressOf = (req: Request) => clientAddress(req, deps.trustedProxies);

  router.post('/sign-up', perAddress, requireCsrf, async (req, res) => {
    await deps.accounts.signUp(parseBody(signUpRequestSchema, req.body));
    // The same answer whether or not the address had an account.
    res.status(202).json({ ok: true });
  });

  router.post('/verify', requireCsrf, async (req, res) => {
    await deps.accounts.verifyEmail(parseBody(verifyEmailRequestSchema, req.body).token);
    res.json({ ok: true });
  });

  router.post('/sign-in', requireCsrf, async (req, res) => {
    const { token, account } = await deps.accounts.signIn(parseBody(signInRequestSchema, req.body), addressOf(req));
    gate.setSession(res, token, SESSION_IDLE_MS);
    res.json(account satisfies AccountView);
  });

  router.get('/me', async (req, res) => {
    const account = await signedIn(req);
    // The session's expiry slides with use (accountOf): so does the cookie's.
    gate.setSession(res, gate.sessionOf(req), SESSION_IDLE_MS);
    res.json(account satisfies AccountView);
  });

  router.post('/sign-out', requireCsrf, async (req, res) => {
    const token = gate.sessionOf(req);
    if (token) await deps.accounts.signOut(token);
    gate.clearSession(res);
    res.json({ ok: true });
  });

  router.post('/sign-out-everywhere', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    const sessions = await deps.accounts.signOutEverywhere(account.id);
    gate.clearSession(res);
    res.json({ ok: true, sessions });
  });

  router.post('/reset-request', perAddress, requireCsrf, (req, res) => {
    const { email } = parseBody(resetRequestSchema, req.body);
    // Answered before looking: the same answer, as fast, whether or not the address has an account.
    res.status(202).json({ ok: true });
    deps.accounts.requestReset(email).catch((error: unknown) => req.log?.warn({ err: error }, 'password reset link not written'));
  });

  router.post('/reset', requireCsrf, async (req, res) => {
    const { token, password } = parseBody(resetPasswordSchema, req.body);
    await deps.accounts.resetPassword(token, password);
    gate.clearSession(res);
    res.json({ ok: true });
  });

  router.post('/email', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    const { email, password } = parseBody(changeEmailSchema, req.body);
    await deps.accounts.requestEmailChange(account.id, email, password, addressOf(req));
    res.status(202).json({ ok: true });
  });

  router.post('/email/confirm', requireCsrf, async (req, res) => {
    await deps.accounts.confirmEmailChange(parseBody(verifyEmailRequestSchema, req.body).token);
    res.json({ ok: true });
  });

  /** The identity to join rooms as this account: its roles come from the events' grants (see membership.ts). */
  router.post('/identity', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    const { roomId = null } = parseBody(accountIdentityRequestSchema, req.body ?? {});
    res.status(201).json((await deps.issueIdentity(account, roomId)) satisfies CreateIdentityResponse);
  });

  router.get('/export', async (req, res) => {
    const account = await signedIn(req);
    res.attachment('convene-account.json').json((await deps.accounts.exportData(account.id)) satisfies AccountExport);
  });

  router.post('/delete', requireCsrf, async (req, res) => {
    const account = await signedIn(req);
    await deps.accounts.deleteAccount(account.id, parseBody(deleteAccountSchema, req.body).password, addressOf(req));
    gate.clearSession(res);
    res.json({ ok: true });
  });

  router.use(answerAppErrors);
  return router;
}
