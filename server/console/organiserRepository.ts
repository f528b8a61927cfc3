import { randomBytes } from 'node:crypto';
import type { ConsolePage, ConsoleSession, EventInput, SessionInput, TopicInput } from '../../shared/console.js';
import { AppError } from '../../shared/errors.js';
import { hasLiveRoom, type EventSummary, type PublicationStatus, type TopicSummary } from '../../shared/programme.js';
import { Prisma, type PrismaClient } from '../db/generated/client.js';
import { sessionInclude, toEventSummary, toSessionSummary } from '../programme/programmeRepository.js';
import { instantOfWallTime, wallTimeOf } from '../../shared/timeZones.js';

/** A session as the console's checks need it: which event it is in, and its live room. */
export interface SessionRef {
  id: string;
  eventId: string;
  roomId: string | null;
}

/**
 * Events, topics and sessions as organisers change them, drafts included.
 * Every lookup by a topic's or session's id names its event too: an id
 * from another event is simply not found (nothing in one event is
 * reachable through another).
 */
export interface OrganiserRepository {
  events(ids: readonly string[]): Promise<EventSummary[]>;
  event(eventId: string): Promise<EventSummary | null>;
  /** A new event (a draft), with the creator as its organiser. */
  createEvent(input: EventInput, organiserEmail: string): Promise<EventSummary>;
  updateEvent(eventId: string, input: EventInput): Promise<EventSummary>;
  /** Publishes or unpublishes the event; returns its sessions' live rooms (their gates changed). */
  setEventStatus(eventId: string, status: PublicationStatus): Promise<string[]>;
  topics(eventId: string): Promise<TopicSummary[]>;
  createTopic(eventId: string, input: TopicInput): Promise<TopicSummary>;
  updateTopic(eventId: string, topicId: string, input: TopicInput): Promise<TopicSummary>;
  deleteTopic(eventId: string, topicId: string): Promise<void>;
  /** The event's sessions by start time, a page at a time. */
  sessions(eventId: string, offset: number, limit: number): Promise<ConsolePage<ConsoleSession>>;
  /** The session, if it belongs to this event. */
  sessionIn(eventId: string, sessionId: string): Promise<SessionRef | null>;
  session(eventId: string, sessionId: string): Promise<ConsoleSession | null>;
  /** A new session (a draft); virtual and hybrid ones get their live room. */
  createSession(eventId: string, input: SessionInput): Promise<ConsoleSession>;
  updateSession(session: SessionRef, input: SessionInput): Promise<ConsoleSession>;
  setSessionStatus(session: SessionRef, status: PublicationStatus): Promise<void>;
  /** Deletes the session and its live room (its chat, questions and polls go with it): only when {@link isInUse} says no. */
  deleteSession(session: SessionRef): Promise<void>;
  /** Whether an event has this link name (the first-run screen checks before it makes an account). */
  isSlugTaken(slug: string): Promise<boolean>;
  /** Whether anyone is in the session's room now, or it holds recordings: then it is not deleted (unpublish it instead). */
  isInUse(session: SessionRef): Promise<boolean>;
  /** Whether any event has an organiser yet (none: the platform waits for its first-run screen). */
  hasOrganiser(): Promise<boolean>;
  /**
   * The first organiser: their event, and every event nobody organises yet
   * (the demo edition), in one transaction that holds only while nobody
   * is an organiser anywhere. False when someone was first.
   */
  firstOrganiser(input: EventInput, email: string): Promise<EventSummary | null>;
}

/**
 * A taken slug (or topic name) is the organiser's to change, and a row
 * deleted meanwhile (another organiser's tab) is gone: neither is a server
 * failure.
 */
function uniqueOr(error: unknown, message: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('CONFLICT', message);
  // P2025: the row itself; P2003: one it names (a session's person, say).
  if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2025' || error.code === 'P2003')) {
    throw new AppError('NOT_FOUND', 'it, or something it names, was deleted meanwhile');
  }
  throw error;
}

/** Room ids are slugs: the title's, with a random tail so two sessions never collide. */
function roomIdFor(title: string): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${base || 'session'}-${randomBytes(3).toString('hex')}`;
}

const eventData = (input: EventInput) => ({
  name: input.name,
  slug: input.slug,
  theme: input.theme,
  description: input.description,
  host: input.host,
  principles: input.principles,
  timeZone: input.timeZone,
  startsOn: input.startsOn,
  endsOn: input.endsOn,
  offerHours: input.offerHours,
});

const sessionData = (input: SessionInput) => ({
  kind: input.kind,
  title: input.title,
  description: input.description,
  // The schema refused times that name no instant (sessionInputSchema).
  startsAt: instantOfWallTime(input.startsAt, input.timeZone)!,
  endsAt: instantOfWallTime(input.endsAt, input.timeZone)!,
  timeZone: input.timeZone,
  format: input.format,
  place: input.format === 'virtual' ? '' : input.place,
  languages: input.languages,
  capacity: input.capacity,
  topicId: input.topicId,
  visibility: input.visibility,
  recordingPolicy: input.recordingPolicy,
  requiresAccount: input.requiresAccount,
});

type SessionRow = Prisma.SessionGetPayload<{ include: typeof sessionInclude }>;

const toConsoleSession = (row: SessionRow): ConsoleSession => ({
  ...toSessionSummary(row),
  startsAtLocal: wallTimeOf(row.startsAt, row.timeZone),
  endsAtLocal: wallTimeOf(row.endsAt, row.timeZone),
});

export function createOrganiserRepository(prisma: PrismaClient): OrganiserRepository {
  const topicSelect = { id: true, name: true, description: true } as const;

  /** The topic must be one of this event's. */
  const assertTopicIn = async (eventId: string, topicId: string | null) => {
    if (topicId === null) return;
    if (!(await prisma.topic.findFirst({ where: { id: topicId, eventId }, select: { id: true } }))) {
      throw new AppError('NOT_FOUND', 'no such topic in this event');
    }
  };

  /** The people and partners a session names must be this event's. */
  const assertNamedIn = async (eventId: string, input: SessionInput) => {
    const personIds = input.people?.map((person) => person.personId) ?? [];
    const partnerIds = input.partnerIds ?? [];
    const [people, partners] = await Promise.all([
      personIds.length ? prisma.person.count({ where: { eventId, id: { in: personIds } } }) : 0,
      partnerIds.length ? prisma.partner.count({ where: { eventId, id: { in: partnerIds } } }) : 0,
    ]);
    if (people !== personIds.length) throw new AppError('NOT_FOUND', 'no such person in this event');
    if (partners !== partnerIds.length) throw new AppError('NOT_FOUND', 'no such partner in this event');
  };

  /** The live room follows the session: its title, topic and language show in the catch-up library. */
  const roomFields = async (input: SessionInput) => ({
    title: input.title,
    description: input.description.slice(0, 1000),
    language: input.languages[0]!,
    track: input.topicId ? ((await prisma.topic.findUnique({ where: { id: input.topicId }, select: { name: true } }))?.name ?? '') : '',
  });

  /** Names the session's people (in order) and partners, where the input gives them. */
  const name = async (tx: Prisma.TransactionClient, sessionId: string, input: SessionInput) => {
    if (input.people) {
      await tx.sessionPerson.deleteMany({ where: { sessionId } });
      await tx.sessionPerson.createMany({
        data: input.people.map(({ personId, role }, position) => ({ sessionId, personId, role, position })),
      });
    }
    if (input.partnerIds) {
      await tx.sessionPartner.deleteMany({ where: { sessionId } });
      await tx.sessionPartner.createMany({ data: input.partnerIds.map((partnerId) => ({ sessionId, partnerId })) });
    }
  };

  const repository: OrganiserRepository = {
    events: async (ids) =>
      (await prisma.event.findMany({ where: { id: { in: [...ids] } }, orderBy: [{ startsOn: 'desc' }, { name: 'asc' }] })).map(
        toEventSummary,
      ),

    event: async (eventId) => {
      const row = await prisma.event.findUnique({ where: { id: eventId } });
      return row ? toEventSummary(row) : null;
    },

    createEvent: async (input, organiserEmail) => {
      try {
        const row = await prisma.event.create({
          data: { ...eventData(input), status: 'draft', grants: { create: { email: organiserEmail, role: 'organiser' } } },
        });
        return toEventSummary(row);
      } catch (error) {
        return uniqueOr(error, 'another event has this link name (slug)');
      }
    },

    updateEvent: async (eventId, input) => {
      try {
        return toEventSummary(await prisma.event.update({ where: { id: eventId }, data: eventData(input) }));
      } catch (error) {
        return uniqueOr(error, 'another event has this link name (slug)');
      }
    },

    setEventStatus: async (eventId, status) => {
      await prisma.event.update({ where: { id: eventId }, data: { status } });
      const rows = await prisma.session.findMany({ where: { eventId, roomId: { not: null } }, select: { roomId: true } });
      return rows.map((row) => row.roomId!);
    },

    topics: (eventId) => prisma.topic.findMany({ where: { eventId }, orderBy: [{ position: 'asc' }, { name: 'asc' }], select: topicSelect }),

    createTopic: async (eventId, input) => {
      const position = await prisma.topic.count({ where: { eventId } });
      try {
        return await prisma.topic.create({ data: { ...input, eventId, position }, select: topicSelect });
      } catch (error) {
        return uniqueOr(error, 'this event already has a topic of this name');
      }
    },

    updateTopic: async (eventId, topicId, input) => {
      await assertTopicIn(eventId, topicId);
      try {
        return await prisma.topic.update({ where: { id: topicId }, data: input, select: topicSelect });
      } catch (error) {
        return uniqueOr(error, 'this event already has a topic of this name');
      }
    },

    deleteTopic: async (eventId, topicId) => {
      // Its sessions stay, without a topic (the relation sets it null).
      const deleted = await prisma.topic.deleteMany({ where: { id: topicId, eventId } });
      if (deleted.count === 0) throw new AppError('NOT_FOUND', 'no such topic in this event');
    },

    sessions: async (eventId, offset, limit) => {
      const [rows, total] = await Promise.all([
        prisma.session.findMany({
          where: { eventId },
          orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
          include: sessionInclude,
          skip: offset,
          take: limit,
        }),
        prisma.session.count({ where: { eventId } }),
      ]);
      return { items: rows.map(toConsoleSession), next: offset + rows.length < total ? offset + rows.length : null, total };
    },

    sessionIn: (eventId, sessionId) =>
      prisma.session.findFirst({ where: { id: sessionId, eventId }, select: { id: true, eventId: true, roomId: true } }),

    session: async (eventId, sessionId) => {
      const row = await prisma.session.findFirst({ where: { id: sessionId, eventId }, include: sessionInclude });
      return row ? toConsoleSession(row) : null;
    },

    createSession: async (eventId, input) => {
      await Promise.all([assertTopicIn(eventId, input.topicId), assertNamedIn(eventId, input)]);
      const data = sessionData(input);
      // Read before the transaction: a query outside it, made inside, would wait for a connection it holds.
      const room = await roomFields(input);
      const row = await prisma.$transaction(async (tx) => {
        const roomId = hasLiveRoom(input.format) ? roomIdFor(input.title) : null;
        if (roomId) await tx.room.create({ data: { id: roomId, ...room } });
        const { id } = await tx.session.create({ data: { ...data, eventId, status: 'draft', roomId }, select: { id: true } });
        await name(tx, id, input);
        return tx.session.findUniqueOrThrow({ where: { id }, include: sessionInclude });
      }).catch((error: unknown) => uniqueOr(error, 'try again'));
      return toConsoleSession(row);
    },

    updateSession: async (session, input) => {
      await Promise.all([assertTopicIn(session.eventId, input.topicId), assertNamedIn(session.eventId, input)]);
      const data = sessionData(input);
      const room = await roomFields(input);
      const row = await prisma.$transaction(async (tx) => {
        let { roomId } = session;
        // A session that goes online gets its room; one that goes in person keeps it (its chat and recordings stay).
        if (!roomId && hasLiveRoom(input.format)) {
          roomId = roomIdFor(input.title);
          await tx.room.create({ data: { id: roomId, ...room } });
        } else if (roomId) {
          await tx.room.update({ where: { id: roomId }, data: room });
        }
        const before = await tx.session.findUniqueOrThrow({ where: { id: session.id }, select: { startsAt: true } });
        await tx.session.update({ where: { id: session.id }, data: { ...data, roomId }, select: { id: true } });
        // Moved: those with a place are reminded before the new time, even if reminded before the old one.
        if (before.startsAt.getTime() !== data.startsAt.getTime()) {
          await tx.sessionRegistration.updateMany({ where: { sessionId: session.id, remindedAt: { not: null } }, data: { remindedAt: null } });
        }
        await name(tx, session.id, input);
        return tx.session.findUniqueOrThrow({ where: { id: session.id }, include: sessionInclude });
      }).catch((error: unknown) => uniqueOr(error, 'try again'));
      return toConsoleSession(row);
    },

    setSessionStatus: async (session, status) => {
      await prisma.session.update({ where: { id: session.id }, data: { status } });
    },

    deleteSession: async (session) => {
      await prisma.$transaction(async (tx) => {
        await tx.session.delete({ where: { id: session.id } });
        if (session.roomId) await tx.room.deleteMany({ where: { id: session.roomId } });
      });
    },

    isSlugTaken: async (slug) => (await prisma.event.findUnique({ where: { slug }, select: { id: true } })) !== null,

    isInUse: async (session) => {
      if (!session.roomId) return false;
      const [present, recordings] = await Promise.all([
        prisma.roomVisit.count({ where: { roomId: session.roomId, leftAt: null } }),
        prisma.recording.count({ where: { roomId: session.roomId } }),
      ]);
      return present > 0 || recordings > 0;
    },

    hasOrganiser: async () => (await prisma.eventGrant.findFirst({ where: { role: 'organiser' }, select: { id: true } })) !== null,

    firstOrganiser: async (input, email) => {
      try {
        return await prisma.$transaction(
          async (tx) => {
            // One first organiser, however many ask at once: the others wait here, then find one.
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('convene first organiser'))`;
            if (await tx.eventGrant.findFirst({ where: { role: 'organiser' }, select: { id: true } })) return null;
            const orphans = await tx.event.findMany({ select: { id: true } });
            const event = await tx.event.create({ data: { ...eventData(input), status: 'draft' } });
            await tx.eventGrant.createMany({
              data: [event.id, ...orphans.map((orphan) => orphan.id)].map((eventId) => ({ eventId, email, role: 'organiser' })),
              skipDuplicates: true,
            });
            // They run the platform: they make its events and read its outbox (a signed-in account too).
            await tx.account.updateMany({ where: { email }, data: { isAdmin: true } });
            return toEventSummary(event);
          },
          { timeout: 15_000 },
        );
      } catch (error) {
        return uniqueOr(error, 'another event has this link name (slug)');
      }
    },
  };
  return repository;
}
