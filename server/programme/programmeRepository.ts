import type {
  EventSummary,
  PartnerSummary,
  PersonPage,
  PersonSummary,
  ProgrammeSession,
  PublicationStatus,
  RecordingPolicy,
  SessionFormat,
  SessionKind,
  SessionPersonRole,
  SessionPage,
  SessionSummary,
  SessionVisibility,
  TopicSummary,
} from '../../shared/programme.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';

/** What the public programme may be narrowed to (each optional). */
export interface ProgrammeFilter {
  topicId?: string;
  kind?: SessionKind;
  format?: SessionFormat;
  /** Sessions held in this language (BCP 47). */
  language?: string;
  /** Sessions that start in [from, to). */
  from?: Date;
  to?: Date;
}


/**
 * Events and their programmes as the public reads them: published events,
 * and in them published sessions (public ones listed, unlisted ones by id).
 * Drafts are for organisers (the console reads them through its own
 * repository).
 */
export interface ProgrammeRepository {
  publishedEvents(): Promise<EventSummary[]>;
  /** A published event and its topics; null if there is none by that slug (or it is a draft). */
  publishedEvent(slug: string): Promise<{ event: EventSummary; topics: TopicSummary[] } | null>;
  /** The event's public, published sessions, by start time, as the programme lists them. */
  programme(eventId: string, filter: ProgrammeFilter): Promise<ProgrammeSession[]>;
  /** A published session of a published event (public or unlisted), with its event and its recording everyone may watch. */
  publishedSession(id: string): Promise<SessionPage | null>;
  /** The public, published session whose live room this is, if any. */
  sessionOfRoom(roomId: string): Promise<{ session: SessionSummary; event: EventSummary } | null>;
  /** A speaker's page: their profile and their public, published sessions; null unless they take part in one. */
  personPage(id: string): Promise<PersonPage | null>;
}

export const sessionInclude = {
  topic: { select: { id: true, name: true, description: true } },
  people: { orderBy: { position: 'asc' }, select: { role: true, person: true } },
  partners: { orderBy: { partner: { name: 'asc' } }, select: { partner: true } },
} as const satisfies Prisma.SessionInclude;

type SessionRow = Prisma.SessionGetPayload<{ include: typeof sessionInclude }>;
type EventRow = Prisma.EventGetPayload<object>;
type PersonRow = SessionRow['people'][number]['person'];
type PartnerRow = SessionRow['partners'][number]['partner'];

/** Where an uploaded image is served (images are named by the server, never from a request). */
const imageUrl = (file: string | null): string | null => (file ? `/api/images/${file}` : null);

export function toEventSummary(row: EventRow): EventSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    theme: row.theme,
    description: row.description,
    host: row.host,
    principles: row.principles,
    timeZone: row.timeZone,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    status: row.status as PublicationStatus,
    offerHours: row.offerHours,
  };
}

export function toPerson(row: PersonRow): PersonSummary {
  return {
    id: row.id,
    name: row.name,
    pronouns: row.pronouns,
    organisation: row.organisation,
    country: row.country,
    biography: row.biography,
    photoUrl: imageUrl(row.photoFile),
  };
}

export function toPartner(row: PartnerRow): PartnerSummary {
  return { id: row.id, name: row.name, country: row.country, link: row.link, logoUrl: imageUrl(row.logoFile) };
}

export function toSessionSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    eventId: row.eventId,
    kind: row.kind as SessionKind,
    title: row.title,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    timeZone: row.timeZone,
    format: row.format as SessionFormat,
    place: row.place,
    languages: row.languages,
    capacity: row.capacity,
    topic: row.topic,
    visibility: row.visibility as SessionVisibility,
    status: row.status as PublicationStatus,
    recordingPolicy: row.recordingPolicy as RecordingPolicy,
    requiresAccount: row.requiresAccount,
    roomId: row.roomId,
    people: row.people.map(({ role, person }) => ({ ...toPerson(person), role: role as SessionPersonRole })),
    partners: row.partners.map(({ partner }) => toPartner(partner)),
  };
}

/** What the programme's card shows of a session (its page has the rest). */
export function toProgrammeSession(row: SessionRow): ProgrammeSession {
  const { description: _description, people, ...listed } = toSessionSummary(row);
  return { ...listed, people: people.map(({ id, name, role }) => ({ id, name, role })) };
}

const published = { status: 'published' } as const;

export function createProgrammeRepository(prisma: PrismaClient): ProgrammeRepository {
  const publishedSessionWhere = (where: Prisma.SessionWhereInput): Prisma.SessionWhereInput => ({
    ...where,
    ...published,
    event: published,
  });

  return {
    publishedEvents: async () =>
      (await prisma.event.findMany({ where: published, orderBy: [{ startsOn: 'desc' }, { name: 'asc' }] })).map(toEventSummary),

    publishedEvent: async (slug) => {
      const row = await prisma.event.findFirst({
        where: { slug, ...published },
        include: { topics: { orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true, description: true } } },
      });
      if (!row) return null;
      const { topics, ...event } = row;
      return { event: toEventSummary(event), topics };
    },

    programme: async (eventId, filter) => {
      const rows = await prisma.session.findMany({
        where: publishedSessionWhere({
          eventId,
          visibility: 'public',
          topicId: filter.topicId,
          kind: filter.kind,
          format: filter.format,
          languages: filter.language ? { has: filter.language } : undefined,
          startsAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
        }),
        include: sessionInclude,
        orderBy: [{ startsAt: 'asc' }, { title: 'asc' }],
      });
      return rows.map(toProgrammeSession);
    },

    publishedSession: async (id) => {
      const row = await prisma.session.findFirst({
        where: publishedSessionWhere({ id }),
        include: { ...sessionInclude, event: true },
      });
      if (!row) return null;
      const { event, ...session } = row;
      const recording = row.roomId
        ? await prisma.recording.findFirst({
            where: { roomId: row.roomId, access: 'public', packageState: 'done' },
            orderBy: { requestedAt: 'desc' },
            select: { id: true },
          })
        : null;
      return { session: toSessionSummary(session), event: toEventSummary(event), recordingId: recording?.id ?? null };
    },

    sessionOfRoom: async (roomId) => {
      const row = await prisma.session.findFirst({
        // An unlisted session is reached by its own link only, not by its room's id.
        where: publishedSessionWhere({ roomId, visibility: 'public' }),
        include: { ...sessionInclude, event: true },
      });
      if (!row) return null;
      const { event, ...session } = row;
      return { session: toSessionSummary(session), event: toEventSummary(event) };
    },

    personPage: async (id) => {
      const person = await prisma.person.findFirst({ where: { id, event: published } });
      if (!person) return null;
      const rows = await prisma.session.findMany({
        where: publishedSessionWhere({ visibility: 'public', people: { some: { personId: id } } }),
        include: sessionInclude,
        orderBy: { startsAt: 'asc' },
      });
      // Someone on no published session has no public page (a draft's speaker is not announced yet).
      if (rows.length === 0) return null;
      return { person: toPerson(person), sessions: rows.map(toSessionSummary) };
    },
  };
}
