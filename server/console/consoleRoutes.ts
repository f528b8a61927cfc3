import express, { type Request, type Router } from 'express';
import {
  CONSOLE_PAGE_SIZE,
  consoleInvitationRequestSchema,
  eventGrantRequestSchema,
  eventInputSchema,
  firstRunRequestSchema,
  pageQuerySchema,
  sessionInputSchema,
  topicInputSchema,
  type ConsolePage,
  type ConsoleSession,
  type FirstRunStatus,
  type OutboxEntry,
  publicationRequestSchema,
  revokeGrantRequestSchema,
  sessionGrantRequestSchema,
  type ConsoleOverview,
  type GrantView,
} from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import { seesDrafts } from '../../shared/eventRoles.js';
import type { AccountView } from '../../shared/accounts.js';
import { parseBody, type AccountGate } from '../accounts/accountGate.js';
import { answerAppErrors } from '../http/httpErrors.js';
import type { GrantRecord, GrantRepository } from '../programme/grantRepository.js';
import type { EventSummary, TopicSummary } from '../../shared/programme.js';
import type { OrganiserRepository, SessionRef } from './organiserRepository.js';
import type { SetupCode } from './setupCode.js';
import type { Outbox } from '../mail/outbox.js';
import type { InvitationStore } from '../invitations/invitationStore.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { InvitationCreated, InvitationInfo, InvitationList } from '../../shared/invitations.js';
import { SESSION_IDLE_MS, type AccountService } from '../accounts/accountService.js';

export interface ConsoleRouteDeps {
  gate: AccountGate;
  grants: GrantRepository;
  organiser: OrganiserRepository;
  /**
   * A grant changed for this address: whoever holds it and is in one of
   * the event's rooms (or the session's) takes the new role at once.
   */
  rolesChanged(email: string, eventId: string, sessionId?: string): Promise<void>;
  /** These rooms' gates changed (published, unpublished, deleted): every process forgets what it read of them. */
  gatesChanged(roomIds: readonly string[]): Promise<void>;
  /** The first-run screen's code (see setupCode.ts). */
  setupCode: SetupCode;
  /** Every email the platform wrote, for the console's reader. */
  outbox: Pick<Outbox, 'page'>;
  /** The first organiser's account, when the first-run screen makes it. */
  accounts: Pick<AccountService, 'createConfirmed'>;
  /** Invitation links for guests without an account (the same record the rooms' moderators and `npm run invite` use). */
  invitations: Pick<InvitationStore, 'mint' | 'list' | 'revoke'>;
  /** A link was revoked: whoever holds its role in the session's live rooms loses it at once. */
  invitationRevoked(roomId: RoomId, invitationId: string): void;
}

const toGrantView = (grant: GrantRecord): GrantView => ({ ...grant, createdAt: grant.createdAt.toISOString() });

/**
 * `/api/console`: what organisers change. Every route names its event, and
 * the caller must be that event's organiser: someone with no role there is
 * told it does not exist (drafts stay unseen), anyone else that they may
 * not; a session's id is looked up within its event only.
 */
export function createConsoleRouter(deps: ConsoleRouteDeps): Router {
  const { gate, grants, organiser } = deps;
  const router = express.Router();
  router.use(gate.cookies);
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const organiserOf = async (req: Request): Promise<{ account: AccountView; eventId: string }> => {
    const account = await gate.signedIn(req);
    const eventId = String(req.params.eventId);
    const role = await grants.eventRoleOf(account.id, eventId);
    if (role === null) throw new AppError('NOT_FOUND', 'no such event');
    if (role !== 'organiser') throw new AppError('FORBIDDEN', 'only the event’s organisers may do this');
    return { account, eventId };
  };
  const adminOf = async (req: Request): Promise<AccountView> => {
    const account = await gate.signedIn(req);
    if (!(await grants.isAdmin(account.id))) throw new AppError('FORBIDDEN', 'only the platform’s administrators may do this');
    return account;
  };
  const sessionOf = async (req: Request): Promise<SessionRef> => {
    const { eventId } = await organiserOf(req);
    const session = await organiser.sessionIn(eventId, String(req.params.sessionId));
    if (!session) throw new AppError('NOT_FOUND', 'no such session in this event');
    return session;
  };

  /** Whether the platform still waits for its first organiser (the first-run screen). */
  router.get('/first-run', async (_req, res) => {
    res.json({ isNeeded: !(await organiser.hasOrganiser()) } satisfies FirstRunStatus);
  });

  /** The first organiser, signed in, with the code from the server's data directory: their event, and the demo's. */
  router.post('/first-run', gate.requireCsrf, async (req, res) => {
    const request = parseBody(firstRunRequestSchema, req.body);
    const signedIn = await gate.signedIn(req).catch(() => null);
    if (!signedIn && !request.account) throw new AppError('UNAUTHENTICATED', 'sign in, or create the first organiser’s account here');
    if (await organiser.hasOrganiser()) throw new AppError('CONFLICT', 'this platform has its organisers already');
    if (!(await deps.setupCode.matches(request.setupCode))) {
      throw new AppError('FORBIDDEN', 'this is not the setup code in the server’s data directory');
    }
    // Before an account is made: a taken link name is the form's to fix, and leaves nothing behind.
    if (await organiser.isSlugTaken(request.event.slug)) throw new AppError('CONFLICT', 'another event has this link name (slug)');
    let email = signedIn?.email;
    if (!email) {
      const made = await deps.accounts.createConfirmed(request.account!);
      gate.setSession(res, made.token, SESSION_IDLE_MS);
      email = made.account.email;
    }
    const created = await organiser.firstOrganiser(request.event, email);
    if (!created) throw new AppError('CONFLICT', 'this platform has its organisers already');
    await deps.setupCode.spend();
    res.status(201).json(created satisfies EventSummary);
  });

  /** The events the caller holds a role in (drafts only where they organise), and whether they administer the platform. */
  router.get('/events', async (req, res) => {
    const account = await gate.signedIn(req);
    const [held, isAdmin] = await Promise.all([grants.eventRolesOf(account.id), grants.isAdmin(account.id)]);
    const roles = new Map(held.map((grant) => [grant.eventId, grant.role]));
    const events = (await organiser.events([...roles.keys()]))
      .map((event) => ({ event, role: roles.get(event.id)! }))
      .filter(({ event, role }) => event.status === 'published' || seesDrafts(role));
    res.json({ events, isAdmin } satisfies ConsoleOverview);
  });

  /**
   * The outbox, for the platform's administrators alone: without SMTP they
   * pass on what it holds. Its links sign people in or change passwords,
   * so no event's organiser reads it for being one.
   */
  router.get('/outbox', async (req, res) => {
    await adminOf(req);
    const { offset } = parseBody(pageQuerySchema, req.query);
    res.json((await deps.outbox.page(offset, CONSOLE_PAGE_SIZE)) satisfies ConsolePage<OutboxEntry>);
  });

  /** A new event, by the platform's administrators (the first comes from the first-run screen), who organise it. */
  router.post('/events', gate.requireCsrf, async (req, res) => {
    const account = await adminOf(req);
    const input = parseBody(eventInputSchema, req.body);
    res.status(201).json((await organiser.createEvent(input, account.email)) satisfies EventSummary);
  });

  router.get('/events/:eventId', async (req, res) => {
    const { eventId } = await organiserOf(req);
    const [event, topics] = await Promise.all([organiser.event(eventId), organiser.topics(eventId)]);
    res.json({ event: event!, topics } satisfies { event: EventSummary; topics: TopicSummary[] });
  });

  router.post('/events/:eventId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await organiserOf(req);
    res.json((await organiser.updateEvent(eventId, parseBody(eventInputSchema, req.body))) satisfies EventSummary);
  });

  router.post('/events/:eventId/topics', gate.requireCsrf, async (req, res) => {
    const { eventId } = await organiserOf(req);
    res.status(201).json((await organiser.createTopic(eventId, parseBody(topicInputSchema, req.body))) satisfies TopicSummary);
  });

  router.post('/events/:eventId/topics/:topicId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await organiserOf(req);
    const topic = await organiser.updateTopic(eventId, String(req.params.topicId), parseBody(topicInputSchema, req.body));
    res.json(topic satisfies TopicSummary);
  });

  router.post('/events/:eventId/topics/:topicId/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await organiserOf(req);
    await organiser.deleteTopic(eventId, String(req.params.topicId));
    res.json({ ok: true });
  });

  router.get('/events/:eventId/sessions', async (req, res) => {
    const { eventId } = await organiserOf(req);
    const { offset } = parseBody(pageQuerySchema, req.query);
    res.json((await organiser.sessions(eventId, offset, CONSOLE_PAGE_SIZE)) satisfies ConsolePage<ConsoleSession>);
  });

  router.post('/events/:eventId/sessions', gate.requireCsrf, async (req, res) => {
    const { eventId } = await organiserOf(req);
    res.status(201).json((await organiser.createSession(eventId, parseBody(sessionInputSchema, req.body))) satisfies ConsoleSession);
  });

  router.get('/events/:eventId/sessions/:sessionId', async (req, res) => {
    const session = await sessionOf(req);
    res.json((await organiser.session(session.eventId, session.id))! satisfies ConsoleSession);
  });

  router.post('/events/:eventId/sessions/:sessionId', gate.requireCsrf, async (req, res) => {
    const session = await sessionOf(req);
    const updated = await organiser.updateSession(session, parseBody(sessionInputSchema, req.body));
    // Asking an account of everyone, say, holds at once for the next to join.
    if (updated.roomId) await deps.gatesChanged([updated.roomId]);
    res.json(updated satisfies ConsoleSession);
  });

  router.post('/events/:eventId/sessions/:sessionId/delete', gate.requireCsrf, async (req, res) => {
    const session = await sessionOf(req);
    // What people said and recorded there is theirs: a room in use is unpublished, not deleted.
    if (await organiser.isInUse(session)) throw new AppError('CONFLICT', 'people are in its room, or it has recordings: unpublish it instead');
    await organiser.deleteSession(session);
    if (session.roomId) await deps.gatesChanged([session.roomId]);
    res.json({ ok: true });
  });

  router.get('/events/:eventId/grants', async (req, res) => {
    const { eventId } = await organiserOf(req);
    res.json((await grants.eventGrants(eventId)).map(toGrantView) satisfies GrantView[]);
  });

  router.post('/events/:eventId/grants', gate.requireCsrf, async (req, res) => {
    const { account, eventId } = await organiserOf(req);
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
    const { account, eventId } = await organiserOf(req);
    const { email } = parseBody(revokeGrantRequestSchema, req.body);
    if (email === account.email) throw new AppError('CONFLICT', 'you cannot take back your own role: ask another organiser');
    if ((await grants.revokeEventRole(eventId, email)) === null) throw new AppError('NOT_FOUND', 'this address holds no role here');
    await deps.rolesChanged(email, eventId);
    res.json({ ok: true });
  });

  router.post('/events/:eventId/status', gate.requireCsrf, async (req, res) => {
    const { eventId } = await organiserOf(req);
    const { status } = parseBody(publicationRequestSchema, req.body);
    await deps.gatesChanged(await organiser.setEventStatus(eventId, status));
    res.json({ ok: true });
  });

  /** The session's live room: invitation links lead there (sessions in person have none). */
  const roomOf = async (req: Request): Promise<{ account: AccountView; roomId: RoomId }> => {
    const { account } = await organiserOf(req);
    const session = await sessionOf(req);
    if (!session.roomId) throw new AppError('CONFLICT', 'this session takes place in person: it has no room to invite to');
    return { account, roomId: asRoomId(session.roomId) };
  };

  router.get('/events/:eventId/sessions/:sessionId/invitations', async (req, res) => {
    const { roomId } = await roomOf(req);
    res.json((await deps.invitations.list(roomId)) satisfies InvitationList);
  });

  router.post('/events/:eventId/sessions/:sessionId/invitations', gate.requireCsrf, async (req, res) => {
    const { account, roomId } = await roomOf(req);
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
    const { roomId } = await roomOf(req);
    const { invitation } = await deps.invitations.revoke(roomId, String(req.params.invitationId));
    deps.invitationRevoked(roomId, invitation.invitationId);
    res.json(invitation satisfies InvitationInfo);
  });

  router.get('/events/:eventId/sessions/:sessionId/grants', async (req, res) => {
    const session = await sessionOf(req);
    res.json((await grants.sessionGrants(session.id)).map(toGrantView) satisfies GrantView[]);
  });

  router.post('/events/:eventId/sessions/:sessionId/grants', gate.requireCsrf, async (req, res) => {
    const session = await sessionOf(req);
    const { email, role } = parseBody(sessionGrantRequestSchema, req.body);
    await grants.grantSessionRole(session.id, email, role);
    await deps.rolesChanged(email, session.eventId, session.id);
    res.status(201).json({ ok: true });
  });

  router.post('/events/:eventId/sessions/:sessionId/grants/revoke', gate.requireCsrf, async (req, res) => {
    const session = await sessionOf(req);
    const { email } = parseBody(revokeGrantRequestSchema, req.body);
    if ((await grants.revokeSessionRole(session.id, email)) === null) {
      throw new AppError('NOT_FOUND', 'this address holds no role in this session');
    }
    await deps.rolesChanged(email, session.eventId, session.id);
    res.json({ ok: true });
  });

  router.post('/events/:eventId/sessions/:sessionId/status', gate.requireCsrf, async (req, res) => {
    const session = await sessionOf(req);
    const { status } = parseBody(publicationRequestSchema, req.body);
    await organiser.setSessionStatus(session, status);
    if (session.roomId) await deps.gatesChanged([session.roomId]);
    res.json({ ok: true });
  });

  router.use(answerAppErrors);
  return router;
}
