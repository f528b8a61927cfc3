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
import { ReadCache } from '../db/readCache.js';

/**
 * The public programme is the same for everyone and read by thousands at
 * once when an event opens: one read per page and filter serves all who
 * ask within this long. An organiser's change made through this process
 * shows at once (onChange); through another process, within this long.
 */
export const PUBLIC_READ_TTL_MS = 5_000;

export interface ProgrammeRouteDeps {
  programme: ProgrammeRepository;
  /** Told when organisers change anything here: what was read before is read again. */
  onChange(forget: () => void): void;
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
  const { programme } = deps;
  // Bounded: anyone may ask for any filter, and a programme's answer can be large.
  const publicRead = <V>(load: (key: string) => Promise<V>, maxEntries: number) => new ReadCache(load, { ttlMs: PUBLIC_READ_TTL_MS, maxEntries });
  // Keyed by what the answer depends on alone (the parsed filter, never the raw query).
  const programmes = publicRead(async (key) => {
    const { slug, query } = JSON.parse(key) as { slug: string; query: z.infer<typeof programmeQuerySchema> };
    const found = await programme.publishedEvent(slug);
    if (!found) return null;
    const filter: ProgrammeFilter = { topicId: query.topic, kind: query.kind, format: query.format, language: query.language };
    if (query.day) {
      const start = DateTime.fromISO(query.day, { zone: query.zone ?? found.event.timeZone }).startOf('day');
      filter.from = start.toJSDate();
      filter.to = start.plus({ days: 1 }).toJSDate();
    }
    return { ...found, sessions: await programme.programme(found.event.id, filter) } satisfies EventProgramme;
  }, 100);
  const sessionPages = publicRead((id) => programme.publishedSession(id), 2_000);
  deps.onChange(() => {
    programmes.clear();
    sessionPages.clear();
  });
  // Programmes grow to hundreds of sessions, read on weak connections: sent compressed.
  // Per route: the router sits at /api, where other routes (recordings' media) must not be.
  const compressed = compression();

  router.get('/events', compressed, async (_req, res) => {
    res.json(await deps.programme.publishedEvents());
  });

  router.get('/events/:slug', compressed, async (req, res) => {
    const slug = parse(slugSchema, req.params.slug, 'no published event has this address');
    const query = parse(programmeQuerySchema, req.query);
    // The key holds what the answer depends on, in a fixed order: a zone matters only with a day.
    const { topic, kind, format, language, day, zone } = query;
    const found = await programmes.get(
      JSON.stringify({ slug, query: { topic, kind, format, language, day, zone: day ? zone : undefined } }),
    );
    if (!found) throw new AppError('NOT_FOUND', 'no published event has this address');
    res.json(found);
  });

  router.get('/sessions/:id', compressed, async (req, res) => {
    const found = await sessionPages.get(parse(idSchema, req.params.id, 'no published session has this id'));
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
