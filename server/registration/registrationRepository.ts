import type { Profile } from '../../shared/buzz.js';
import { AppError } from '../../shared/errors.js';
import type {
  EventRegistrationInput,
  EventRegistrationView,
  Region,
  SessionAvailability,
  SessionRegistrationState,
  SessionRegistrationView,
} from '../../shared/registration.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';
import type { MailMessage } from '../mail/outbox.js';
import { lapsedLetter, offerLetter, placeLetter, type LetterSession, type Recipient } from './registrationMail.js';
import { admit, freePlaces, settle } from './waitingList.js';

/** A published session of a published event, as registering needs it. */
export interface RegistrableSession extends LetterSession {
  eventId: string;
  eventSlug: string;
  endsAt: Date;
  offerHours: number;
}

/** A published event, as its registration form needs it. */
export interface RegistrableEvent {
  id: string;
  offerHours: number;
}

export interface RegistrationDeps {
  prisma: PrismaClient;
  /** Writes a letter in the caller's transaction, so a change and its email stand or fall together. */
  write(tx: Prisma.TransactionClient, message: MailMessage): Promise<unknown>;
  /** Letters were written: send them soon (after the transaction committed). */
  written(): void;
  linkBase(): string;
  /** The clock (tests move it to lapse offers). */
  now?: () => Date;
}

/**
 * Registrations for events and their sessions, and each session's waiting
 * list. Every change to a session's places happens under a lock on its row
 * (`FOR UPDATE`): concurrent registrations never exceed its capacity, and
 * the line is settled (lapsed offers dropped, free places offered, see
 * waitingList.ts) in the same transaction, with the letters it sends.
 */
export interface RegistrationRepository {
  publishedEvent(slug: string): Promise<RegistrableEvent | null>;
  publishedSession(id: string): Promise<RegistrableSession | null>;
  eventRegistration(eventId: string, accountId: string): Promise<EventRegistrationView | null>;
  /** Registers for the event, or changes what one told. */
  saveEventRegistration(eventId: string, accountId: string, input: EventRegistrationInput): Promise<EventRegistrationView>;
  /** Cancels it, with every place, place in line and offer in the event's sessions (freed places go to the lines). */
  cancelEventRegistration(eventId: string, accountId: string): Promise<void>;
  sessionState(session: RegistrableSession, accountId: string | null): Promise<Omit<SessionRegistrationState, 'isSignedIn' | 'eventSlug'>>;
  /** A place, or the end of the line when full; CONFLICT without the event's registration, or once it ended. */
  register(session: RegistrableSession, accountId: string): Promise<void>;
  /** Takes the place offered; CONFLICT once the offer lapsed (or there is none). */
  accept(session: RegistrableSession, accountId: string): Promise<void>;
  /** Gives up a place, a place in line or an offer. */
  cancel(session: RegistrableSession, accountId: string): Promise<void>;
  /**
   * Lapses every offer whose time is up, each line passing it on, and
   * offers places freed outside any change to their session (an account
   * deleted, a capacity raised); how many lines were settled.
   */
  settleLapsedOffers(): Promise<number>;
  /** What a registered person told the event that places them in buzz groups (their first language, their region); null if not registered. */
  profileOf(eventId: string, accountId: string): Promise<Profile | null>;
  /**
   * Access needs are for running the event: a week after its last day they
   * are forgotten (the registration stays, for its recordings). How many.
   */
  forgetAccessNeeds(): Promise<number>;
  /** The live rooms of every session of every published event this account registered for. */
  registeredRooms(accountId: string): Promise<string[]>;
}

type Tx = Prisma.TransactionClient;
/** How long after an event's last day its registrants' access needs are kept. */
export const ACCESS_NEEDS_KEPT_DAYS = 7;
/** A session's row as its lock reads it. */
interface Locked {
  capacity: number | null;
  startsAt: Date;
}

/** One's registration as stored, as its views give it (the console adds who it is). */
export const registrationViewOf = (row: {
  eventId: string;
  country: string;
  region: string | null;
  languages: string[];
  accessNeeds: string;
  consentsToRecording: boolean;
  createdAt: Date;
}): EventRegistrationView => ({
  eventId: row.eventId,
  country: row.country,
  region: row.region as Region | null,
  languages: row.languages,
  accessNeeds: row.accessNeeds,
  consentsToRecording: row.consentsToRecording,
  registeredAt: row.createdAt.toISOString(),
});

const sessionSelect = {
  id: true,
  title: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  eventId: true,
  event: { select: { slug: true, name: true, offerHours: true } },
} as const satisfies Prisma.SessionSelect;

export function createRegistrationRepository(deps: RegistrationDeps): RegistrationRepository {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  /** Locks the session's row for this transaction; its capacity and start as they stand now. */
  const lock = async (tx: Tx, sessionId: string): Promise<Locked> => {
    const [row] = await tx.$queryRaw<Locked[]>`SELECT "capacity", "startsAt" FROM "Session" WHERE "id" = ${sessionId} FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', 'no published session has this id');
    return row;
  };

  const recipients = async (tx: Tx, accountIds: string[]) =>
    accountIds.length === 0
      ? new Map<string, { email: string; displayName: string }>()
      : new Map(
          (await tx.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, email: true, displayName: true } })).map((row) => [
            row.id,
            row,
          ]),
        );

  /** Lapses the session's due offers and offers its free places, in order, with their letters (under the lock). */
  const settleLocked = async (tx: Tx, session: RegistrableSession, { capacity, startsAt }: Locked): Promise<number> => {
    const at = now();
    const registered = await tx.sessionRegistration.count({ where: { sessionId: session.id, state: 'registered' } });
    const offers = (
      await tx.sessionRegistration.findMany({ where: { sessionId: session.id, state: 'offered' }, select: { accountId: true, offerExpiresAt: true } })
    ).map((row) => ({ accountId: row.accountId, expiresAt: row.offerExpiresAt ?? at }));
    const liveOffers = offers.filter((offer) => offer.expiresAt.getTime() > at.getTime()).length;
    const free = freePlaces(capacity, registered + liveOffers);
    const waiting =
      free === 0 || at.getTime() >= startsAt.getTime()
        ? []
        : await tx.sessionRegistration.findMany({
            where: { sessionId: session.id, state: 'waiting' },
            orderBy: { seq: 'asc' },
            ...(Number.isFinite(free) ? { take: free } : {}),
            select: { accountId: true },
          });
    const { lapsed, offered, admitted } = settle(
      { capacity, registered, offers, waiting: waiting.map((row) => row.accountId), startsAt },
      at,
      session.offerHours,
    );
    if (lapsed.length === 0 && offered.length === 0 && admitted.length === 0) return 0;
    if (lapsed.length > 0) {
      await tx.sessionRegistration.deleteMany({ where: { sessionId: session.id, state: 'offered', accountId: { in: lapsed } } });
    }
    for (const offer of offered) {
      await tx.sessionRegistration.update({
        where: { sessionId_accountId: { sessionId: session.id, accountId: offer.accountId } },
        data: { state: 'offered', offeredAt: at, offerExpiresAt: offer.expiresAt },
      });
    }
    if (admitted.length > 0) {
      await tx.sessionRegistration.updateMany({ where: { sessionId: session.id, state: 'waiting', accountId: { in: admitted } }, data: { state: 'registered' } });
    }
    // Once the session has started, a lapsed offer goes quietly: there is no line left to rejoin.
    const told = at.getTime() < startsAt.getTime() ? lapsed : [];
    const to = await recipients(tx, [...told, ...offered.map((offer) => offer.accountId), ...admitted]);
    const linkBase = deps.linkBase();
    const letters = [
      ...told.map((accountId) => [accountId, (recipient: Recipient) => lapsedLetter(recipient, session, linkBase)] as const),
      ...offered.map((offer) => [offer.accountId, (recipient: Recipient) => offerLetter(recipient, session, offer.expiresAt, linkBase)] as const),
      ...admitted.map((accountId) => [accountId, (recipient: Recipient) => placeLetter(recipient, session, linkBase)] as const),
    ];
    for (const [accountId, letter] of letters) {
      const recipient = to.get(accountId);
      if (recipient) await deps.write(tx, letter(recipient));
    }
    return letters.length;
  };

  /**
   * A change to one session's places, under its lock, with the line settled
   * once, letters sent when committed: before the change when it needs
   * lapsed offers gone first (taking a place, accepting one; neither frees a
   * place), after it when it frees places (giving one up, a sweep). A
   * change that refuses says why (its answer, CONFLICT) rather than
   * throwing, so what settling did is kept.
   */
  const changePlaces = async (
    session: RegistrableSession,
    settleWhen: 'before' | 'after',
    change: (tx: Tx, locked: Locked) => Promise<string | void>,
  ): Promise<void> => {
    const { letters, refusal } = await prisma.$transaction(async (tx) => {
      const locked = await lock(tx, session.id);
      if (settleWhen === 'before') {
        const settled = await settleLocked(tx, session, locked);
        return { letters: settled, refusal: await change(tx, locked) };
      }
      const refused = await change(tx, locked);
      return { letters: await settleLocked(tx, session, locked), refusal: refused };
    });
    if (letters > 0) deps.written();
    // Refused after the line was settled and committed: a lapse found on the way stands, with its letters.
    if (refusal) throw new AppError('CONFLICT', refusal);
  };

  const toRegistrable = (row: Prisma.SessionGetPayload<{ select: typeof sessionSelect }>): RegistrableSession => ({
    id: row.id,
    title: row.title,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeZone: row.timeZone,
    eventId: row.eventId,
    eventSlug: row.event.slug,
    eventName: row.event.name,
    offerHours: row.event.offerHours,
  });

  const repository: RegistrationRepository = {
    publishedEvent: async (slug) =>
      prisma.event.findFirst({ where: { slug, status: 'published' }, select: { id: true, offerHours: true } }),

    publishedSession: async (id) => {
      const row = await prisma.session.findFirst({ where: { id, status: 'published', event: { status: 'published' } }, select: sessionSelect });
      return row ? toRegistrable(row) : null;
    },

    eventRegistration: async (eventId, accountId) => {
      const row = await prisma.eventRegistration.findUnique({ where: { eventId_accountId: { eventId, accountId } } });
      return row ? registrationViewOf(row) : null;
    },

    saveEventRegistration: async (eventId, accountId, input) => {
      const { acceptsPrinciples: _accepted, ...told } = input;
      const row = await prisma.eventRegistration.upsert({
        where: { eventId_accountId: { eventId, accountId } },
        create: { eventId, accountId, ...told },
        update: told,
      });
      return registrationViewOf(row);
    },

    cancelEventRegistration: async (eventId, accountId) => {
      // The event's registration first: from here on no session of it takes them (register checks it under each lock).
      await prisma.eventRegistration.deleteMany({ where: { eventId, accountId } });
      // Place by place, each under its session's lock, so each freed place goes to that session's line; read again
      // until none is left, for a registration that committed while the event's was being deleted.
      for (let round = 0; round < 3; round++) {
        const held = await prisma.sessionRegistration.findMany({ where: { accountId, session: { eventId } }, select: { session: { select: sessionSelect } } });
        if (held.length === 0) return;
        for (const { session } of held) {
          await changePlaces(toRegistrable(session), 'after', async (tx) => {
            await tx.sessionRegistration.deleteMany({ where: { sessionId: session.id, accountId } });
          });
        }
      }
    },

    sessionState: async (session, accountId) => {
      const [capacity, counts, mine, isEventRegistered] = await Promise.all([
        prisma.session.findUnique({ where: { id: session.id }, select: { capacity: true } }).then((row) => row?.capacity ?? null),
        // An offer past its time holds nothing, though the sweep may not have passed it on yet.
        prisma.sessionRegistration.groupBy({
          by: ['state'],
          where: { sessionId: session.id, OR: [{ state: { not: 'offered' } }, { offerExpiresAt: { gt: now() } }] },
          _count: { _all: true },
        }),
        accountId
          ? prisma.sessionRegistration.findUnique({ where: { sessionId_accountId: { sessionId: session.id, accountId } } })
          : Promise.resolve(null),
        accountId
          ? prisma.eventRegistration.count({ where: { eventId: session.eventId, accountId } }).then((count) => count > 0)
          : Promise.resolve(false),
      ]);
      const count = (state: string) => counts.find((row) => row.state === state)?._count._all ?? 0;
      const availability: SessionAvailability = {
        capacity,
        placesLeft: capacity === null ? null : Math.max(0, capacity - count('registered') - count('offered')),
        waiting: count('waiting'),
      };
      let view: SessionRegistrationView | null = null;
      // An offer past its time is gone, though the sweep may not have passed it on yet.
      if (mine && !(mine.state === 'offered' && (mine.offerExpiresAt?.getTime() ?? 0) <= now().getTime())) {
        const position =
          mine.state === 'waiting'
            ? (await prisma.sessionRegistration.count({ where: { sessionId: session.id, state: 'waiting', seq: { lte: mine.seq } } }))
            : null;
        view = {
          sessionId: session.id,
          state: mine.state as SessionRegistrationView['state'],
          position,
          offerExpiresAt: mine.state === 'offered' ? (mine.offerExpiresAt?.toISOString() ?? null) : null,
        };
      }
      return { availability, isEventRegistered, mine: view };
    },

    register: (session, accountId) =>
      changePlaces(session, 'before', async (tx, { capacity, startsAt }) => {
        if (session.endsAt.getTime() <= now().getTime()) return 'this session has ended';
        const registered = await tx.eventRegistration.count({ where: { eventId: session.eventId, accountId } });
        if (registered === 0) return 'register for the event first';
        const existing = await tx.sessionRegistration.count({ where: { sessionId: session.id, accountId } });
        // Asked twice (a retry, a second tab): where one stands is where one stays.
        if (existing > 0) return;
        const held = await tx.sessionRegistration.count({ where: { sessionId: session.id, state: { in: ['registered', 'offered'] } } });
        const state = admit(capacity, held);
        // Started and full: a place in line could never be offered in time.
        if (state === 'waiting' && now().getTime() >= startsAt.getTime()) return 'this session has started and is full';
        await tx.sessionRegistration.create({ data: { sessionId: session.id, accountId, state } });
      }),

    accept: (session, accountId) =>
      changePlaces(session, 'before', async (tx) => {
        // Settled just before under the lock: an offer still here is live.
        const { count } = await tx.sessionRegistration.updateMany({
          where: { sessionId: session.id, accountId, state: 'offered' },
          data: { state: 'registered', offeredAt: null, offerExpiresAt: null },
        });
        if (count > 0) return;
        const mine = await tx.sessionRegistration.findUnique({ where: { sessionId_accountId: { sessionId: session.id, accountId } }, select: { state: true } });
        // Accepting twice is no error.
        if (mine?.state !== 'registered') return 'this offer has lapsed: the place went to the next in line';
      }),

    cancel: (session, accountId) =>
      changePlaces(session, 'after', async (tx) => {
        await tx.sessionRegistration.deleteMany({ where: { sessionId: session.id, accountId } });
      }),

    settleLapsedOffers: async () => {
      const due = await prisma.sessionRegistration.findMany({
        where: { state: 'offered', offerExpiresAt: { lte: now() } },
        distinct: ['sessionId'],
        select: { sessionId: true },
      });
      // And lines with a place free that no change on the session offered: a deleted account's, a capacity raised or lifted.
      const freed = await prisma.$queryRaw<{ sessionId: string }[]>`
        SELECT s."id" AS "sessionId" FROM "Session" s JOIN "Event" e ON e."id" = s."eventId"
        WHERE s."status" = 'published' AND e."status" = 'published'
          -- Times are stored in UTC without a zone: compared with the clock in UTC.
          AND s."startsAt" > (now() AT TIME ZONE 'UTC')
          AND EXISTS (SELECT 1 FROM "SessionRegistration" w WHERE w."sessionId" = s."id" AND w."state" = 'waiting')
          AND (s."capacity" IS NULL OR s."capacity" > (
            SELECT COUNT(*) FROM "SessionRegistration" h WHERE h."sessionId" = s."id" AND h."state" IN ('registered', 'offered')))`;
      const sessionIds = [...new Set([...due, ...freed].map((row) => row.sessionId))];
      const sessions = await prisma.session.findMany({ where: { id: { in: sessionIds } }, select: sessionSelect });
      for (const session of sessions) await changePlaces(toRegistrable(session), 'after', async () => {});
      return sessions.length;
    },

    forgetAccessNeeds: async () => {
      // Days as the event writes them (YYYY-MM-DD in its zone), compared as text a day early wherever it is.
      const before = new Date(now().getTime() - (ACCESS_NEEDS_KEPT_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
      const { count } = await prisma.eventRegistration.updateMany({
        where: { accessNeeds: { not: '' }, event: { endsOn: { lt: before } } },
        data: { accessNeeds: '' },
      });
      return count;
    },

    registeredRooms: async (accountId) =>
      (
        await prisma.session.findMany({
          where: { roomId: { not: null }, event: { status: 'published', registrations: { some: { accountId } } } },
          select: { roomId: true },
        })
      ).map((row) => row.roomId!),

    profileOf: async (eventId, accountId) => {
      const row = await prisma.eventRegistration.findUnique({
        where: { eventId_accountId: { eventId, accountId } },
        select: { languages: true, region: true },
      });
      if (!row) return null;
      const profile: Profile = {};
      if (row.languages[0]) profile.language = row.languages[0];
      if (row.region) profile.region = row.region;
      // Nothing said: the pre-join screen's answers stand.
      return Object.keys(profile).length > 0 ? profile : null;
    },
  };
  return repository;
}
