import type { Role } from '../../shared/events.js';
import {
  roomRoleOf,
  type EventRole,
  type HeldRoles,
  type SessionRole,
} from '../../shared/eventRoles.js';
import { AppError } from '../../shared/errors.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';

/** One grant as organisers see it in the console. */
export interface GrantRecord {
  email: string;
  /** An EventRole or a SessionRole, as the list is of one or the other. */
  role: string;
  createdAt: Date;
}

/** What a session's room needs to know of its role holders: its room, if any. */
export interface RoomRole {
  roomId: string;
  role: Role;
}

/**
 * Roles granted by email address, per event and per session. A grant
 * holds for the account with that address once the address is confirmed
 * (sign-in needs that anyway): an organiser can name a speaker before
 * they sign up, and nobody gains a role by signing up with someone else's
 * address.
 */
export interface GrantRepository {
  /** The confirmed address of an account; null when it is gone or unconfirmed. */
  confirmedEmailOf(accountId: string): Promise<string | null>;
  /** The account holding this confirmed address, if any (for applying a change live). */
  accountWithEmail(email: string): Promise<string | null>;
  /**
   * What an account holds for a session of an event (or for none: a room
   * outside the programme). Null when the account may not act any more:
   * deleted, its address unconfirmed, or signed out everywhere (its
   * identity tokens die with its sessions).
   */
  heldRoles(accountId: string, place: { eventId: string; sessionId: string } | null): Promise<HeldRoles | null>;
  /**
   * The live rooms an account moderates, as the grants stand: every session
   * of the events it organises, drafts included; the published sessions of
   * published events it moderates, and the published sessions it moderates
   * itself (drafts are the organisers' alone, in the library as in the
   * room). Null when the account may not act any more (as heldRoles).
   */
  moderatedRooms(accountId: string): Promise<string[] | null>;
  /** Of these accounts, those that organise the event (their addresses confirmed). */
  organisersAmong(eventId: string, accountIds: readonly string[]): Promise<Set<string>>;
  /** Whether the account administers the platform (creates events, reads the outbox). */
  isAdmin(accountId: string): Promise<boolean>;
  /** An account's role in an event, or null. */
  eventRoleOf(accountId: string, eventId: string): Promise<EventRole | null>;
  /** The events in which an account holds a role, with it. */
  eventRolesOf(accountId: string): Promise<{ eventId: string; role: EventRole }[]>;
  eventGrants(eventId: string): Promise<GrantRecord[]>;
  sessionGrants(sessionId: string): Promise<GrantRecord[]>;
  /** Grants (or changes) a role in the event; returns the role held before. */
  grantEventRole(eventId: string, email: string, role: EventRole): Promise<EventRole | null>;
  /** Takes a role in the event back; returns the role held before (null: there was none). */
  revokeEventRole(eventId: string, email: string): Promise<EventRole | null>;
  grantSessionRole(sessionId: string, email: string, role: SessionRole): Promise<SessionRole | null>;
  revokeSessionRole(sessionId: string, email: string): Promise<SessionRole | null>;
  /**
   * The room role this address holds in each live room of the event's
   * sessions (or of one session), as its grants say now: what a changed
   * grant means for the rooms the person may be in.
   */
  roomRolesOf(email: string, eventId: string, sessionId?: string): Promise<RoomRole[]>;
}

export function createGrantRepository(prisma: PrismaClient): GrantRepository {
  const eventRole = async (email: string, eventId: string) =>
    ((await prisma.eventGrant.findUnique({ where: { eventId_email: { eventId, email } }, select: { role: true } }))?.role ??
      null) as EventRole | null;

  /**
   * Changes one address's role in an event, one change per event at a time
   * (two organisers taking each other's role at once included): refused
   * when it would leave the event without an organiser.
   */
  const changeKeepingAnOrganiser = (
    eventId: string,
    email: string,
    role: EventRole | null,
    change: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ): Promise<EventRole | null> =>
    prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`convene event grants ${eventId}`}))`;
      const before = ((await tx.eventGrant.findUnique({ where: { eventId_email: { eventId, email } }, select: { role: true } }))?.role ??
        null) as EventRole | null;
      if (before === 'organiser' && role !== 'organiser') {
        const others = await tx.eventGrant.count({ where: { eventId, role: 'organiser', email: { not: email } } });
        if (others === 0) throw new AppError('CONFLICT', 'an event keeps at least one organiser');
      }
      await change(tx);
      return before;
    });

  /** The confirmed address of an account that may act: not deleted, and signed in somewhere (its identities die with its sessions). */
  const actingEmailOf = async (accountId: string): Promise<string | null> => {
    const account = await prisma.account.findUnique({
      where: { id: accountId },
      select: { email: true, emailVerifiedAt: true, sessions: { where: { revokedAt: null, expiresAt: { gt: new Date() } }, select: { id: true }, take: 1 } },
    });
    return account?.emailVerifiedAt && account.sessions.length > 0 ? account.email : null;
  };

  const repository: GrantRepository = {
    confirmedEmailOf: async (accountId) => {
      const account = await prisma.account.findUnique({ where: { id: accountId }, select: { email: true, emailVerifiedAt: true } });
      return account?.emailVerifiedAt ? account.email : null;
    },

    accountWithEmail: async (email) =>
      (await prisma.account.findFirst({ where: { email, emailVerifiedAt: { not: null } }, select: { id: true } }))?.id ?? null,

    heldRoles: async (accountId, place) => {
      const email = await actingEmailOf(accountId);
      if (email === null) return null;
      if (!place) return { event: null, session: null };
      const { eventId, sessionId } = place;
      const [event, session] = await Promise.all([
        eventRole(email, eventId),
        prisma.sessionGrant.findUnique({ where: { sessionId_email: { sessionId, email } }, select: { role: true } }),
      ]);
      return { event, session: (session?.role ?? null) as SessionRole | null };
    },

    moderatedRooms: async (accountId) => {
      const email = await actingEmailOf(accountId);
      if (email === null) return null;
      const [events, sessions] = await Promise.all([
        prisma.eventGrant.findMany({ where: { email, role: { in: ['organiser', 'moderator'] } }, select: { eventId: true, role: true } }),
        prisma.sessionGrant.findMany({ where: { email, role: 'moderator' }, select: { sessionId: true } }),
      ]);
      if (events.length === 0 && sessions.length === 0) return [];
      const organised = events.filter((grant) => grant.role === 'organiser').map((grant) => grant.eventId);
      const moderated = events.filter((grant) => grant.role === 'moderator').map((grant) => grant.eventId);
      const published = { status: 'published', event: { status: 'published' } } as const;
      const rows = await prisma.session.findMany({
        where: {
          roomId: { not: null },
          OR: [
            { eventId: { in: organised } },
            { eventId: { in: moderated }, ...published },
            { id: { in: sessions.map((grant) => grant.sessionId) }, ...published },
          ],
        },
        select: { roomId: true },
      });
      return rows.map((row) => row.roomId!);
    },

    organisersAmong: async (eventId, accountIds) => {
      if (accountIds.length === 0) return new Set();
      const [accounts, organisers] = await Promise.all([
        prisma.account.findMany({ where: { id: { in: [...accountIds] }, emailVerifiedAt: { not: null } }, select: { id: true, email: true } }),
        prisma.eventGrant.findMany({ where: { eventId, role: 'organiser' }, select: { email: true } }),
      ]);
      const emails = new Set(organisers.map((grant) => grant.email));
      return new Set(accounts.filter((account) => emails.has(account.email)).map((account) => account.id));
    },

    isAdmin: async (accountId) => (await prisma.account.findUnique({ where: { id: accountId }, select: { isAdmin: true } }))?.isAdmin ?? false,

    eventRoleOf: async (accountId, eventId) => {
      const email = await repository.confirmedEmailOf(accountId);
      return email ? eventRole(email, eventId) : null;
    },

    eventRolesOf: async (accountId) => {
      const email = await repository.confirmedEmailOf(accountId);
      if (!email) return [];
      const rows = await prisma.eventGrant.findMany({ where: { email }, select: { eventId: true, role: true } });
      return rows.map((row) => ({ eventId: row.eventId, role: row.role as EventRole }));
    },

    eventGrants: (eventId) =>
      prisma.eventGrant.findMany({ where: { eventId }, orderBy: [{ role: 'asc' }, { email: 'asc' }], select: { email: true, role: true, createdAt: true } }),

    sessionGrants: (sessionId) =>
      prisma.sessionGrant.findMany({
        where: { sessionId },
        orderBy: [{ role: 'asc' }, { email: 'asc' }],
        select: { email: true, role: true, createdAt: true },
      }),

    grantEventRole: (eventId, email, role) =>
      changeKeepingAnOrganiser(eventId, email, role, (tx) =>
        tx.eventGrant.upsert({ where: { eventId_email: { eventId, email } }, create: { eventId, email, role }, update: { role } }),
      ),

    revokeEventRole: (eventId, email) =>
      changeKeepingAnOrganiser(eventId, email, null, (tx) => tx.eventGrant.deleteMany({ where: { eventId, email } })),

    grantSessionRole: async (sessionId, email, role) => {
      const before = await prisma.sessionGrant.findUnique({ where: { sessionId_email: { sessionId, email } }, select: { role: true } });
      await prisma.sessionGrant.upsert({
        where: { sessionId_email: { sessionId, email } },
        create: { sessionId, email, role },
        update: { role },
      });
      return (before?.role ?? null) as SessionRole | null;
    },

    revokeSessionRole: async (sessionId, email) => {
      const before = await prisma.sessionGrant.findUnique({ where: { sessionId_email: { sessionId, email } }, select: { role: true } });
      await prisma.sessionGrant.deleteMany({ where: { sessionId, email } });
      return (before?.role ?? null) as SessionRole | null;
    },

    roomRolesOf: async (email, eventId, sessionId) => {
      const [event, sessions] = await Promise.all([
        eventRole(email, eventId),
        prisma.session.findMany({
          where: { eventId, roomId: { not: null }, ...(sessionId ? { id: sessionId } : {}) },
          select: { roomId: true, grants: { where: { email }, select: { role: true } } },
        }),
      ]);
      return sessions.map((row) => ({
        roomId: row.roomId!,
        role: roomRoleOf({ event, session: (row.grants[0]?.role ?? null) as SessionRole | null }),
      }));
    },
  };
  return repository;
}
