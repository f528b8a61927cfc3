import type { ConsolePage } from '../../shared/console.js';
import type {
  AuditDetail,
  ConsoleRegistration,
  ConsoleSessionRegistration,
  EventAuditView,
  EventRegistrationView,
  Region,
  RegistrationOverview,
  RegistrationQuery,
  SessionLine,
  SessionRegistrationStatus,
} from '../../shared/registration.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';
import { registrationViewOf } from '../registration/registrationRepository.js';

/** The rows of an export, as the CSV gives them (addresses included: exports are for organisers, and logged). */
export interface ExportTable {
  header: string[];
  rows: (string | number | boolean)[][];
}

/**
 * Registrations as an event's organisers read them (routes check the
 * organiser first; every query names the event, so another event's session
 * id finds nothing), their exports, and the event's audit log.
 */
export interface RegistrationConsoleRepository {
  registrations(eventId: string, query: RegistrationQuery, limit: number): Promise<ConsolePage<ConsoleRegistration>>;
  overview(eventId: string): Promise<RegistrationOverview>;
  sessionRegistrations(eventId: string, sessionId: string, state: SessionRegistrationStatus | undefined, offset: number, limit: number): Promise<ConsolePage<ConsoleSessionRegistration> | null>;
  exportRegistrations(eventId: string): Promise<ExportTable>;
  /** Null when the session is not this event's. */
  exportSession(eventId: string, sessionId: string): Promise<{ title: string; table: ExportTable } | null>;
  audit(eventId: string, entry: { actorId: string; actorName: string; action: string; detail: AuditDetail }): Promise<void>;
  auditLog(eventId: string, offset: number, limit: number): Promise<ConsolePage<EventAuditView>>;
}

/** An entry's detail as written (JSON), or nothing for one that is not. */
function auditDetailOf(stored: string): AuditDetail {
  try {
    const value = JSON.parse(stored) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    const { count, title } = value as Record<string, unknown>;
    return { ...(typeof count === 'number' ? { count } : {}), ...(typeof title === 'string' ? { title } : {}) };
  } catch {
    return {};
  }
}

/** The list is of one event's registrations: each row need not say which. */
const withoutEvent = ({ eventId: _eventId, ...view }: EventRegistrationView) => view;


export function createRegistrationConsoleRepository(prisma: PrismaClient): RegistrationConsoleRepository {
  const registrationWhere = (eventId: string, query: Omit<RegistrationQuery, 'offset'>): Prisma.EventRegistrationWhereInput => ({
    eventId,
    ...(query.country ? { country: query.country } : {}),
    ...(query.region ? { region: query.region } : {}),
    ...(query.language ? { languages: { has: query.language } } : {}),
    ...(query.q
      ? { account: { OR: [{ displayName: { contains: query.q, mode: 'insensitive' } }, { email: { contains: query.q, mode: 'insensitive' } }] } }
      : {}),
  });

  /** Each account's places and lines in the event's sessions: these accounts' (a page), or everyone's (an export). */
  const standings = async (eventId: string, accountIds?: string[]) => {
    const rows = await prisma.sessionRegistration.groupBy({
      by: ['accountId', 'state'],
      where: { ...(accountIds ? { accountId: { in: accountIds } } : {}), session: { eventId } },
      _count: { _all: true },
    });
    const of = new Map<string, { places: number; waiting: number }>();
    for (const row of rows) {
      const entry = of.get(row.accountId) ?? { places: 0, waiting: 0 };
      if (row.state === 'waiting') entry.waiting += row._count._all;
      else entry.places += row._count._all;
      of.set(row.accountId, entry);
    }
    return of;
  };

  /**
   * A page of the session's standings, places first, then offers, then the
   * line in order; a place in line counts the whole line, whichever part
   * of it is asked for. Counted and cut by the database.
   */
  const standingPage = async (eventId: string, sessionId: string, state: SessionRegistrationStatus | undefined, offset: number, limit: number | null) => {
    const rows = await prisma.$queryRaw<
      { displayName: string; email: string; state: string; position: bigint | null; offerExpiresAt: Date | null; since: Date; total: bigint }[]
    >`
      SELECT * , COUNT(*) OVER () AS "total" FROM (
        SELECT a."displayName", a."email", r."state", r."offerExpiresAt", COALESCE(r."offeredAt", r."createdAt") AS "since", r."seq",
          CASE WHEN r."state" = 'waiting' THEN ROW_NUMBER() OVER (PARTITION BY r."state" ORDER BY r."seq") END AS "position",
          CASE r."state" WHEN 'registered' THEN 0 WHEN 'offered' THEN 1 ELSE 2 END AS "rank"
        FROM "SessionRegistration" r
        JOIN "Session" s ON s."id" = r."sessionId" AND s."eventId" = ${eventId}
        JOIN "Account" a ON a."id" = r."accountId"
        WHERE r."sessionId" = ${sessionId}
      ) standing
      WHERE ${state ?? null}::text IS NULL OR standing."state" = ${state ?? null}::text
      ORDER BY standing."rank", standing."seq"
      OFFSET ${offset} LIMIT ${limit}`;
    const total = rows.length > 0 ? Number(rows[0]!.total) : 0;
    const items = rows.map(
      (row): ConsoleSessionRegistration => ({
        displayName: row.displayName,
        email: row.email,
        state: row.state as SessionRegistrationStatus,
        position: row.position === null ? null : Number(row.position),
        offerExpiresAt: row.offerExpiresAt?.toISOString() ?? null,
        since: row.since.toISOString(),
      }),
    );
    return { items, total };
  };

  return {
    registrations: async (eventId, query, limit) => {
      const where = registrationWhere(eventId, query);
      const [rows, total] = await Promise.all([
        prisma.eventRegistration.findMany({
          where,
          orderBy: [{ createdAt: 'asc' }, { accountId: 'asc' }],
          skip: query.offset,
          take: limit,
          include: { account: { select: { displayName: true, email: true } } },
        }),
        prisma.eventRegistration.count({ where }),
      ]);
      const held = await standings(eventId, rows.map((row) => row.accountId));
      const items = rows.map((row): ConsoleRegistration => ({
        ...withoutEvent(registrationViewOf(row)),
        displayName: row.account.displayName,
        email: row.account.email,
        places: held.get(row.accountId)?.places ?? 0,
        waiting: held.get(row.accountId)?.waiting ?? 0,
      }));
      return { items, next: query.offset + rows.length < total ? query.offset + rows.length : null, total };
    },

    overview: async (eventId) => {
      const [registrations, regions, sessions, counts] = await Promise.all([
        prisma.eventRegistration.count({ where: { eventId } }),
        prisma.eventRegistration.groupBy({ by: ['region'], where: { eventId }, _count: { _all: true } }),
        prisma.session.findMany({ where: { eventId }, orderBy: [{ startsAt: 'asc' }, { title: 'asc' }], select: { id: true, title: true, startsAt: true, capacity: true } }),
        prisma.sessionRegistration.groupBy({ by: ['sessionId', 'state'], where: { session: { eventId } }, _count: { _all: true } }),
      ]);
      const counted = new Map(counts.map((row) => [`${row.sessionId} ${row.state}`, row._count._all]));
      const count = (sessionId: string, state: string) => counted.get(`${sessionId} ${state}`) ?? 0;
      return {
        registrations,
        byRegion: regions
          .map((row) => ({ region: row.region as Region | null, count: row._count._all }))
          .sort((a, b) => b.count - a.count || String(a.region).localeCompare(String(b.region))),
        sessions: sessions.map(
          (session): SessionLine => ({
            sessionId: session.id,
            title: session.title,
            startsAt: session.startsAt.toISOString(),
            capacity: session.capacity,
            registered: count(session.id, 'registered'),
            offered: count(session.id, 'offered'),
            waiting: count(session.id, 'waiting'),
          }),
        ),
      };
    },

    sessionRegistrations: async (eventId, sessionId, state, offset, limit) => {
      if ((await prisma.session.count({ where: { id: sessionId, eventId } })) === 0) return null;
      const { items, total } = await standingPage(eventId, sessionId, state, offset, limit);
      // Past the end: the total is counted again (an empty page counts nothing).
      const all = items.length > 0 || offset === 0 ? total : (await standingPage(eventId, sessionId, state, 0, 1)).total;
      return { items, next: offset + items.length < all ? offset + items.length : null, total: all };
    },

    exportRegistrations: async (eventId) => {
      const rows = await prisma.eventRegistration.findMany({
        where: { eventId },
        orderBy: [{ createdAt: 'asc' }, { accountId: 'asc' }],
        include: { account: { select: { displayName: true, email: true } } },
      });
      const held = await standings(eventId);
      return {
        header: ['name', 'email', 'country', 'region', 'languages', 'access needs', 'consents to recording', 'registered at', 'places', 'waiting'],
        rows: rows.map((row) => [
          row.account.displayName,
          row.account.email,
          row.country,
          row.region ?? '',
          row.languages.join(' '),
          row.accessNeeds,
          row.consentsToRecording,
          row.createdAt.toISOString(),
          held.get(row.accountId)?.places ?? 0,
          held.get(row.accountId)?.waiting ?? 0,
        ]),
      };
    },

    exportSession: async (eventId, sessionId) => {
      const session = await prisma.session.findFirst({ where: { id: sessionId, eventId }, select: { title: true } });
      if (!session) return null;
      const { items } = await standingPage(eventId, sessionId, undefined, 0, null);
      return {
        title: session.title,
        table: {
          header: ['name', 'email', 'state', 'place in line', 'offer until', 'since'],
          rows: items.map((row) => [row.displayName, row.email, row.state, row.position ?? '', row.offerExpiresAt ?? '', row.since]),
        },
      };
    },

    audit: async (eventId, entry) => {
      // Kept as JSON text: data the console says in the reader's language, never a sentence of ours.
      await prisma.eventAuditEntry.create({ data: { eventId, ...entry, detail: JSON.stringify(entry.detail) } });
    },

    auditLog: async (eventId, offset, limit) => {
      const [rows, total] = await Promise.all([
        prisma.eventAuditEntry.findMany({ where: { eventId }, orderBy: [{ at: 'desc' }, { id: 'asc' }], skip: offset, take: limit }),
        prisma.eventAuditEntry.count({ where: { eventId } }),
      ]);
      const items = rows.map((row) => ({ id: row.id, at: row.at.toISOString(), actorName: row.actorName, action: row.action, detail: auditDetailOf(row.detail) }));
      return { items, next: offset + rows.length < total ? offset + rows.length : null, total };
    },
  };
}
