import type { Router } from 'express';
import {
  CONSOLE_PAGE_SIZE,
  consoleInvitationRequestSchema,
  pageQuerySchema,
  publicationRequestSchema,
  sessionInputSchema,
  type ConsolePage,
  type ConsoleSession,
} from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import type { InvitationCreated, InvitationInfo, InvitationList } from '../../shared/invitations.js';
import { parseBody } from '../accounts/accountGate.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';

/** An event's sessions (a page at a time), made, edited, published and deleted, and their invitation links. */
export function registerSessionRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { gate, organiser } = deps;

  router.get('/events/:eventId/sessions', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { offset } = parseBody(pageQuerySchema, req.query);
    res.json((await organiser.sessions(eventId, offset, CONSOLE_PAGE_SIZE)) satisfies ConsolePage<ConsoleSession>);
  });

  router.post('/events/:eventId/sessions', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.status(201).json((await organiser.createSession(eventId, parseBody(sessionInputSchema, req.body))) satisfies ConsoleSession);
  });

  router.get('/events/:eventId/sessions/:sessionId', async (req, res) => {
    const session = await guards.sessionOf(req);
    res.json((await organiser.session(session.eventId, session.id))! satisfies ConsoleSession);
  });

  router.post('/events/:eventId/sessions/:sessionId', gate.requireCsrf, async (req, res) => {
    const session = await guards.sessionOf(req);
    const updated = await organiser.updateSession(session, parseBody(sessionInputSchema, req.body));
    // Asking an account of everyone, say, holds at once for the next to join.
    if (updated.roomId) await deps.gatesChanged([updated.roomId]);
    res.json(updated satisfies ConsoleSession);
  });

  router.post('/events/:eventId/sessions/:sessionId/delete', gate.requireCsrf, async (req, res) => {
    const session = await guards.sessionOf(req);
    // What people said and recorded there is theirs: a room in use is unpublished, not deleted.
    if (await organiser.isInUse(session)) throw new AppError('CONFLICT', 'people are in its room, or it has recordings: unpublish it instead');
    await organiser.deleteSession(session);
    if (session.roomId) await deps.gatesChanged([session.roomId]);
    res.json({ ok: true });
  });

  router.get('/events/:eventId/sessions/:sessionId/invitations', async (req, res) => {
    const { roomId } = await guards.roomOf(req);
    res.json((await deps.invitations.list(roomId)) satisfies InvitationList);
  });

  router.post('/events/:eventId/sessions/:sessionId/invitations', gate.requireCsrf, async (req, res) => {
    const { account, roomId } = await guards.roomOf(req);
    const { role, expiresInHours } = parseBody(consoleInvitationRequestSchema, req.body);
    const created = await deps.invitations.mint({
      roomId,
      role,
      ...(expiresInHours === undefined ? {} : { expiresInHours }),
      // Named as the organiser, as others see them (never by address).
      by: { userId: null, displayName: account.displayName },
    });
    res.status(201).json(created satisfies InvitationCreated);
  });

  router.post('/events/:eventId/sessions/:sessionId/invitations/:invitationId/revoke', gate.requireCsrf, async (req, res) => {
    const { roomId } = await guards.roomOf(req);
    const { invitation } = await deps.invitations.revoke(roomId, String(req.params.invitationId));
    deps.invitationRevoked(roomId, invitation.invitationId);
    res.json(invitation satisfies InvitationInfo);
  });

  router.post('/events/:eventId/sessions/:sessionId/status', gate.requireCsrf, async (req, res) => {
    const session = await guards.sessionOf(req);
    const { status } = parseBody(publicationRequestSchema, req.body);
    await organiser.setSessionStatus(session, status);
    if (session.roomId) await deps.gatesChanged([session.roomId]);
    res.json({ ok: true });
  });
}
