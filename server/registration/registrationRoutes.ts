import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import {
  agendaRemindersRequestSchema,
  eventRegistrationInputSchema,
  feedTokenSchema,
  type AgendaView,
  type EventRegistrationState,
  type SessionRegistrationState,
} from '../../shared/registration.js';
import { parseBody, type AccountGate } from '../accounts/accountGate.js';
import { answerAppErrors } from '../http/httpErrors.js';
import { agendaCalendar } from '../programme/calendar.js';
import type { AgendaRepository } from './agendaRepository.js';
import type { RegistrableSession, RegistrationRepository } from './registrationRepository.js';

export interface RegistrationRouteDeps {
  gate: AccountGate;
  registrations: RegistrationRepository;
  agendas: AgendaRepository;
  linkBase(): string;
}

const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80);
const idSchema = z.uuid();

/**
 * Taking part (mounted at `/api`, before the public programme): one's
 * registrations, the waiting list's offers, one's agenda and its feed (see
 * shared/registration.ts). Each person reads and changes only their own,
 * behind the account's cookie, every change with the CSRF token; drafts
 * and unknown ids answer NOT_FOUND alike.
 */
export function createRegistrationRouter(deps: RegistrationRouteDeps): Router {
  const { gate, registrations, agendas } = deps;
  const router = express.Router();
  router.use(gate.cookies);

  // About one person: never cached anywhere. (Per route: the router sits at /api, beside the public programme.)
  const personal = express.Router();
  const noStore: express.RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
  personal.all(['/events/:slug/registration', '/events/:slug/registration/*rest', '/sessions/:id/registration', '/sessions/:id/registration/*rest', '/agenda', '/agenda/*rest'], noStore);

  const eventOf = async (req: Request) => {
    const slug = slugSchema.safeParse(req.params.slug);
    const event = slug.success ? await registrations.publishedEvent(slug.data) : null;
    if (!event) throw new AppError('NOT_FOUND', 'no published event has this address');
    return event;
  };
  const sessionOf = async (req: Request): Promise<RegistrableSession> => {
    const id = idSchema.safeParse(req.params.id);
    const session = id.success ? await registrations.publishedSession(id.data) : null;
    if (!session) throw new AppError('NOT_FOUND', 'no published session has this id');
    return session;
  };
  /** Signed in, or null (reading a session's places needs no account). */
  const accountOrNull = (req: Request) => gate.signedIn(req).catch(() => null);

  const eventState = async (eventId: string, offerHours: number, accountId: string): Promise<EventRegistrationState> => ({
    registration: await registrations.eventRegistration(eventId, accountId),
    offerHours,
  });
  const sessionState = async (session: RegistrableSession, accountId: string | null): Promise<SessionRegistrationState> => ({
    ...(await registrations.sessionState(session, accountId)),
    isSignedIn: accountId !== null,
    eventSlug: session.eventSlug,
  });

  personal.get('/events/:slug/registration', async (req, res) => {
    const account = await gate.signedIn(req);
    const event = await eventOf(req);
    res.json((await eventState(event.id, event.offerHours, account.id)) satisfies EventRegistrationState);
  });

  personal.post('/events/:slug/registration', gate.requireCsrf, async (req, res) => {
    const account = await gate.signedIn(req);
    const event = await eventOf(req);
    await registrations.saveEventRegistration(event.id, account.id, parseBody(eventRegistrationInputSchema, req.body));
    res.json((await eventState(event.id, event.offerHours, account.id)) satisfies EventRegistrationState);
  });

  personal.post('/events/:slug/registration/cancel', gate.requireCsrf, async (req, res) => {
    const account = await gate.signedIn(req);
    const event = await eventOf(req);
    await registrations.cancelEventRegistration(event.id, account.id);
    res.json({ ok: true });
  });

  personal.get('/sessions/:id/registration', async (req, res) => {
    const session = await sessionOf(req);
    const account = await accountOrNull(req);
    res.json((await sessionState(session, account?.id ?? null)) satisfies SessionRegistrationState);
  });

  const sessionChange = (change: (session: RegistrableSession, accountId: string) => Promise<void>) =>
    [
      gate.requireCsrf,
      async (req: Request, res: express.Response) => {
        const account = await gate.signedIn(req);
        const session = await sessionOf(req);
        await change(session, account.id);
        res.json((await sessionState(session, account.id)) satisfies SessionRegistrationState);
      },
    ] as const;
  personal.post('/sessions/:id/registration', ...sessionChange(registrations.register));
  personal.post('/sessions/:id/registration/accept', ...sessionChange(registrations.accept));
  personal.post('/sessions/:id/registration/cancel', ...sessionChange(registrations.cancel));

  // The feed is read by calendar apps, with no cookie: its URL is the key. Before the agenda's own routes.
  personal.get('/agenda/feed/:file', async (req, res) => {
    const token = feedTokenSchema.safeParse(String(req.params.file).replace(/\.ics$/, ''));
    const items = token.success ? await agendas.feed(token.data) : null;
    if (!items) throw new AppError('NOT_FOUND', 'no calendar feed has this address (it may have been replaced)');
    res.type('text/calendar; charset=utf-8').send(agendaCalendar(items, deps.linkBase()));
  });

  const agendaOf = async (req: Request): Promise<AgendaView> => agendas.agenda((await gate.signedIn(req)).id);
  personal.get('/agenda', async (req, res) => {
    res.json((await agendaOf(req)) satisfies AgendaView);
  });
  personal.post('/agenda/reminders', gate.requireCsrf, async (req, res) => {
    const account = await gate.signedIn(req);
    await agendas.setReminders(account.id, parseBody(agendaRemindersRequestSchema, req.body).reminders);
    res.json((await agendaOf(req)) satisfies AgendaView);
  });
  personal.post('/agenda/feed', gate.requireCsrf, async (req, res) => {
    const account = await gate.signedIn(req);
    await agendas.renewFeed(account.id);
    res.json((await agendaOf(req)) satisfies AgendaView);
  });
  personal.post('/agenda/feed/off', gate.requireCsrf, async (req, res) => {
    const account = await gate.signedIn(req);
    await agendas.turnFeedOff(account.id);
    res.json((await agendaOf(req)) satisfies AgendaView);
  });

  router.use(personal);
  router.use(answerAppErrors);
  return router;
}
