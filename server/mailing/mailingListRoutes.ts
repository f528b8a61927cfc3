import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { mailingListSignUpSchema, memberLinkSchema, preferencesInputSchema, type ConfirmedMember, type MemberPreferences } from '../../shared/mailingList.js';
import { mailedTokenSchema } from '../../shared/accounts.js';
import { AppError } from '../../shared/errors.js';
import { parseBody, type AccountGate } from '../accounts/accountGate.js';
import { limitByAddress, type AddressBudget } from '../http/addressLimit.js';
import { answerAppErrors } from '../http/httpErrors.js';
import type { MailingListRepository } from './mailingListRepository.js';

export interface MailingListRouteDeps {
  gate: AccountGate;
  mailing: MailingListRepository;
  /** Sign-ups send email: bounded per network address, like accounts' sign-ups. */
  addressBudget: AddressBudget;
  trustedProxies: number;
}

const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80);

/**
 * An event's mailing list for the public (mounted at `/api`, see
 * shared/mailingList.ts). Sign-up and confirmation carry the CSRF token;
 * a member's own links carry their signed token instead, and the one-click
 * unsubscribe is posted by mail programs (RFC 8058), with no cookie or
 * token of ours.
 */
export function createMailingListRouter(deps: MailingListRouteDeps): Router {
  const { gate, mailing } = deps;
  const router = express.Router();
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  const memberOf = (req: Request) => {
    const link = memberLinkSchema.safeParse(req.query);
    if (!link.success) throw new AppError('NOT_FOUND', 'this link is not valid');
    return link.data;
  };

  router.post(
    '/events/:slug/mailing-list',
    limitByAddress(deps.addressBudget, deps.trustedProxies, 'sign-ups'),
    gate.cookies,
    gate.requireCsrf,
    async (req, res) => {
      const slug = slugSchema.safeParse(req.params.slug);
      if (!slug.success) throw new AppError('NOT_FOUND', 'no published event has this address');
      await mailing.signUp(slug.data, parseBody(mailingListSignUpSchema, req.body));
      // The same answer whether or not the address was on the list.
      res.status(202).json({ ok: true });
    },
  );

  router.post('/mailing-list/confirm', noStore, gate.cookies, gate.requireCsrf, async (req, res) => {
    const { token } = parseBody(z.strictObject({ token: mailedTokenSchema }), req.body);
    res.json((await mailing.confirm(token)) satisfies ConfirmedMember);
  });

  router.get('/mailing-list/preferences', noStore, async (req, res) => {
    const { m, t } = memberOf(req);
    res.json((await mailing.preferences(m, t)) satisfies MemberPreferences);
  });

  router.post('/mailing-list/preferences', noStore, gate.cookies, gate.requireCsrf, async (req, res) => {
    const { m, t } = memberOf(req);
    res.json((await mailing.updatePreferences(m, t, parseBody(preferencesInputSchema, req.body))) satisfies MemberPreferences);
  });

  // Opened in a browser (a mail program without one-click unsubscribe): the page that asks, changing nothing itself.
  router.get('/mailing-list/unsubscribe', (req, res) => {
    const { m, t } = memberOf(req);
    res.redirect(303, `/mailing-list/unsubscribe?${new URLSearchParams({ m, t }).toString()}`);
  });

  // Posted by mail programs with `List-Unsubscribe=One-Click` as a form, or by our page: the signed link is the key.
  router.post('/mailing-list/unsubscribe', noStore, express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    const { m, t } = memberOf(req);
    await mailing.unsubscribe(m, t);
    res.json({ ok: true });
  });

  router.use(answerAppErrors);
  return router;
}
