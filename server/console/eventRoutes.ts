import type { Router } from 'express';
import {
  CONSOLE_PAGE_SIZE,
  eventInputSchema,
  pageQuerySchema,
  publicationRequestSchema,
  topicInputSchema,
  type ConsoleOverview,
  type ConsolePage,
  type OutboxEntry,
} from '../../shared/console.js';
import { seesDrafts } from '../../shared/eventRoles.js';
import type { EventSummary, TopicSummary } from '../../shared/programme.js';
import { parseBody } from '../accounts/accountGate.js';
import type { ConsoleGuards } from './consoleGuards.js';
import type { ConsoleRouteDeps } from './consoleRoutes.js';

/** Events (listed, made, edited, published), their topics, and the platform's outbox. */
export function registerEventRoutes(router: Router, deps: ConsoleRouteDeps, guards: ConsoleGuards): void {
  const { gate, grants, organiser } = deps;

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
    await guards.adminOf(req);
    const { offset } = parseBody(pageQuerySchema, req.query);
    res.json((await deps.outbox.page(offset, CONSOLE_PAGE_SIZE)) satisfies ConsolePage<OutboxEntry>);
  });

  /** A new event, by the platform's administrators (the first comes from the first-run screen), who organise it. */
  router.post('/events', gate.requireCsrf, async (req, res) => {
    const account = await guards.adminOf(req);
    const input = parseBody(eventInputSchema, req.body);
    res.status(201).json((await organiser.createEvent(input, account.email)) satisfies EventSummary);
  });

  router.get('/events/:eventId', async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const [event, topics] = await Promise.all([organiser.event(eventId), organiser.topics(eventId)]);
    res.json({ event: event!, topics } satisfies { event: EventSummary; topics: TopicSummary[] });
  });

  router.post('/events/:eventId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.json((await organiser.updateEvent(eventId, parseBody(eventInputSchema, req.body))) satisfies EventSummary);
  });

  router.post('/events/:eventId/topics', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    res.status(201).json((await organiser.createTopic(eventId, parseBody(topicInputSchema, req.body))) satisfies TopicSummary);
  });

  router.post('/events/:eventId/topics/:topicId', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const topic = await organiser.updateTopic(eventId, String(req.params.topicId), parseBody(topicInputSchema, req.body));
    res.json(topic satisfies TopicSummary);
  });

  router.post('/events/:eventId/topics/:topicId/delete', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    await organiser.deleteTopic(eventId, String(req.params.topicId));
    res.json({ ok: true });
  });

  router.post('/events/:eventId/status', gate.requireCsrf, async (req, res) => {
    const { eventId } = await guards.organiserOf(req);
    const { status } = parseBody(publicationRequestSchema, req.body);
    await deps.gatesChanged(await organiser.setEventStatus(eventId, status));
    res.json({ ok: true });
  });
}
