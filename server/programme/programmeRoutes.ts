import compression from 'compression';
import express, { type Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { SESSION_FORMATS, SESSION_KINDS, type EventProgramme } from '../../shared/programme.js';
import { isTimeZone } from '../../shared/timeZones.js';
import { answerAppErrors } from '../http/httpErrors.js';
import { describeIssues } from '../realtime/registerHandler.js';
import { sessionCalendar } from './calendar.js';
import type { ProgrammeFilter, ProgrammeRepository } from './programmeRepository.js';

export interface ProgrammeRouteDeps {
  programme: ProgrammeRepository;
  /** Where this platform's pages are (PUBLIC_URL, or this process): links in calendar files. */
  linkBase(): string;
}

const idSchema = z.uuid();
const slugSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80);

/** The programme's filters, from the query string. `day` is a date in `zone` (the viewer's, by default the event's). */
const programmeQuerySchema = z.strictObject({
  topic: idSchema.optional(),
  kind: z.enum(SESSION_KINDS).optional(),
  format: z.enum(SESSION_FORMATS).optional(),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/).optional(),
  day: z.iso.date().optional(),
  zone: z.string().refine(isTimeZone, 'not a time zone this server knows').optional(),
});

const parse = <T>(schema: z.ZodType<T>, value: unknown, notFound?: string): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A malformed id is no different from an unknown one.
  if (notFound) throw new AppError('NOT_FOUND', notFound);
  throw new AppError('INVALID_PAYLOAD', describeIssues(parsed.error));
};

/**
 * The public programme (mounted at `/api`): published events, their
 * sessions with filters, a session's page and calendar file, a speaker's
 * page. Drafts and other events' ids answer NOT_FOUND, as unknown ones do.
 */
export function createProgrammeRouter(deps: ProgrammeRouteDeps): Router {
  const router = express.Router();
  // Programmes grow to hundreds of sessions, read on weak connections: sent compressed.
  // Per route: the router sits at /api, where other routes (recordings' media) must not be.
  const compressed = compression();

  router.get('/events', compressed, async (_req, res) => {
    res.json(await deps.programme.publishedEvents());
  });

  router.get('/events/:slug', compressed, async (req, res) => {
    const slug = parse(slugSchema, req.params.slug, 'no published event has this address');
    const query = parse(programmeQuerySchema, req.query);
    const found = await deps.programme.publishedEvent(slug);
    if (!found) throw new AppError('NOT_FOUND', 'no published event has this address');
    const filter: ProgrammeFilter = { topicId: query.topic, kind: query.kind, format: query.format, language: query.language };
    if (query.day) {
      const start = DateTime.fromISO(query.day, { zone: query.zone ?? found.event.timeZone }).startOf('day');
      filter.from = start.toJSDate();
      filter.to = start.plus({ days: 1 }).toJSDate();
    }
    const sessions = await deps.programme.programme(found.event.id, filter);
    res.json({ ...found, sessions } satisfies EventProgramme);
  });

  router.get('/sessions/:id', compressed, async (req, res) => {
    const found = await deps.programme.publishedSession(parse(idSchema, req.params.id, 'no published session has this id'));
    if (!found) throw new AppError('NOT_FOUND', 'no published session has this id');
    res.json(found);
  });

  router.get('/sessions/:id/calendar.ics', compressed, async (req, res) => {
    const found = await deps.programme.publishedSession(parse(idSchema, req.params.id, 'no published session has this id'));
    if (!found) throw new AppError('NOT_FOUND', 'no published session has this id');
    const pageUrl = `${deps.linkBase()}/s/${found.session.id}`;
    res
      .type('text/calendar; charset=utf-8')
      .attachment(`${found.session.id}.ics`)
      .send(sessionCalendar(found.session, found.event, pageUrl));
  });

  router.get('/rooms/:roomId/session', compressed, async (req, res) => {
    const found = await deps.programme.sessionOfRoom(parse(z.string().max(100), req.params.roomId));
    if (!found) throw new AppError('NOT_FOUND', 'this room is no published session’s');
    res.json(found);
  });

  router.get('/people/:id', compressed, async (req, res) => {
    const page = await deps.programme.personPage(parse(idSchema, req.params.id, 'nobody with a public page has this id'));
    if (!page) throw new AppError('NOT_FOUND', 'nobody with a public page has this id');
    res.json(page);
  });

  router.use(answerAppErrors);
  return router;
}
