import type { Router } from 'express';
import { eventGrantRequestSchema, revokeGrantRequestSchema, sessionGrantRequestSchema, type GrantView } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import { parseBody } from '../accounts/accountGate.js';
import type { GrantRecord } from '../programme/grantRepository.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';

const toGrantView = (grant: GrantRecord): GrantView => ({ ...grant, createdAt: grant.createdAt.toISOString() });

/** Roles by email address, per event and per session; each change holds at once for anyone in a room. */
export function registerGrantRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { gate, grants } = deps;

  router.get('/events/:eventId/grants', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await grants.eventGrants(eventId)).map(toGrantView) satisfies GrantView[]);
  });

  router.post('/events/:eventId/grants', gate.requireCsrf, async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const { email, role } = parseBody(eventGrantRequestSchema, req.body);
    // Organisers cannot demote or remove themselves: an event never loses its last organiser by a slip.
    if (role !== 'organiser' && email === account.email) {
      throw new AppError('CONFLICT', 'you cannot change your own organiser role: ask another organiser');
    }
    await grants.grantEventRole(eventId, email, role);
    await deps.rolesChanged(email, eventId);
    res.status(201).json({ ok: true });
  });

  router.post('/events/:eventId/grants/revoke', gate.requireCsrf, async (req, res) => {
    const { account, eventId } = await guards.organiserOf(req);
    const { email } = parseBody(revokeGrantRequestSchema, req.body);
    if (email === account.email) throw new AppError('CONFLICT', 'you cannot take back your own role: ask another organiser');
    if ((await grants.revokeEventRole(eventId, email)) === null) throw new AppError('NOT_FOUND', 'this address holds no role here');
    await deps.rolesChanged(email, eventId);
    res.json({ ok: true });
  });

  router.get('/events/:eventId/sessions/:sessionId/grants', async (req, res) => {
    const session = await guards.sessionOf(req);
    res.json((await grants.sessionGrants(session.id)).map(toGrantView) satisfies GrantView[]);
  });

  router.post('/events/:eventId/sessions/:sessionId/grants', gate.requireCsrf, async (req, res) => {
    const session = await guards.sessionOf(req);
    const { email, role } = parseBody(sessionGrantRequestSchema, req.body);
    await grants.grantSessionRole(session.id, email, role);
    await deps.rolesChanged(email, session.eventId, session.id);
    res.status(201).json({ ok: true });
  });

  router.post('/events/:eventId/sessions/:sessionId/grants/revoke', gate.requireCsrf, async (req, res) => {
    const session = await guards.sessionOf(req);
    const { email } = parseBody(revokeGrantRequestSchema, req.body);
    if ((await grants.revokeSessionRole(session.id, email)) === null) {
      throw new AppError('NOT_FOUND', 'this address holds no role in this session');
    }
    await deps.rolesChanged(email, session.eventId, session.id);
    res.json({ ok: true });
  });
}
