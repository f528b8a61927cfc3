import { randomBytes } from 'node:crypto';
import type { AgendaItem, AgendaView, SessionRegistrationView } from '../../shared/registration.js';
import { REMINDER_LEAD_MS } from '../../shared/registration.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';
import type { MailMessage } from '../mail/outbox.js';
import { sessionInclude, toSessionSummary } from '../programme/programmeRepository.js';
import { reminderLetter } from './registrationMail.js';

/** The settings as the agenda page reads them, the feed as a URL. */
export type AgendaSettingsView = Pick<AgendaView, 'feedUrl' | 'reminders'>;

/**
 * One's personal agenda: the sessions one has a place in, is in line for
 * or is offered, in published events; the private calendar feed; email
 * reminders before each session one has a place in.
 */
export interface AgendaRepository {
  agenda(accountId: string): Promise<AgendaView>;
  setReminders(accountId: string, reminders: boolean): Promise<void>;
  /** A new feed secret (the old URL stops working at once). */
  renewFeed(accountId: string): Promise<void>;
  turnFeedOff(accountId: string): Promise<void>;
  /** The agenda's entries for the feed whose secret this is (places and offers), or null for none. */
  feed(token: string): Promise<AgendaItem[] | null>;
  /** Writes the reminders now due (each once, across processes); how many. */
  sendDueReminders(): Promise<number>;
}

export interface AgendaDeps {
  prisma: PrismaClient;
  write(tx: Prisma.TransactionClient, message: MailMessage): Promise<unknown>;
  written(): void;
  linkBase(): string;
  now?: () => Date;
}

const FEED_STATES = ['registered', 'offered'];
/** Reminders claimed and written per transaction. */
const REMINDER_BATCH = 200;

const itemInclude = {
  session: { include: { ...sessionInclude, event: { select: { id: true, slug: true, name: true, timeZone: true } } } },
} as const satisfies Prisma.SessionRegistrationInclude;

type ItemRow = Prisma.SessionRegistrationGetPayload<{ include: typeof itemInclude }>;

const published = { status: 'published', event: { status: 'published' } } as const;

export function feedUrlOf(linkBase: string, token: string | null): string | null {
  return token ? `${linkBase}/api/agenda/feed/${token}.ics` : null;
}

export function createAgendaRepository(deps: AgendaDeps): AgendaRepository {
  const { prisma } = deps;
  const now = deps.now ?? (() => new Date());

  const items = async (accountId: string, states?: string[]): Promise<AgendaItem[]> => {
    const rows: ItemRow[] = await prisma.sessionRegistration.findMany({
      where: {
        accountId,
        session: published,
        ...(states ? { state: { in: states } } : {}),
        // An offer past its time is gone, though the sweep may not have passed it on yet.
        OR: [{ state: { not: 'offered' } }, { offerExpiresAt: { gt: now() } }],
      },
      include: itemInclude,
      orderBy: [{ session: { startsAt: 'asc' } }, { session: { title: 'asc' } }],
    });
    // Places in line, counted per session (few: one's own lines).
    const positions = new Map<string, number>();
    for (const row of rows.filter((entry) => entry.state === 'waiting')) {
      positions.set(row.sessionId, await prisma.sessionRegistration.count({ where: { sessionId: row.sessionId, state: 'waiting', seq: { lte: row.seq } } }));
    }
    return rows.map((row) => {
      const { event, ...session } = row.session;
      const registration: SessionRegistrationView = {
        sessionId: row.sessionId,
        state: row.state as SessionRegistrationView['state'],
        position: positions.get(row.sessionId) ?? null,
        offerExpiresAt: row.state === 'offered' ? (row.offerExpiresAt?.toISOString() ?? null) : null,
      };
      return { session: toSessionSummary(session), event, registration };
    });
  };

  const settingsOf = async (accountId: string) =>
    (await prisma.agendaSettings.findUnique({ where: { accountId } })) ?? { feedToken: null, reminders: false };

  const saveSettings = (accountId: string, data: { feedToken?: string | null; reminders?: boolean }) =>
    prisma.agendaSettings.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });

  return {
    agenda: async (accountId) => {
      const [entries, events, settings] = await Promise.all([
        items(accountId),
        prisma.eventRegistration.findMany({
          where: { accountId, event: { status: 'published' } },
          select: { event: { select: { id: true, slug: true, name: true, startsOn: true, endsOn: true, timeZone: true } } },
          orderBy: { event: { startsOn: 'asc' } },
        }),
        settingsOf(accountId),
      ]);
      return {
        items: entries,
        events: events.map((row) => row.event),
        feedUrl: feedUrlOf(deps.linkBase(), settings.feedToken),
        reminders: settings.reminders,
      };
    },

    setReminders: async (accountId, reminders) => {
      await saveSettings(accountId, { reminders });
    },

    renewFeed: async (accountId) => {
      await saveSettings(accountId, { feedToken: randomBytes(32).toString('base64url') });
    },

    turnFeedOff: async (accountId) => {
      await saveSettings(accountId, { feedToken: null });
    },

    feed: async (token) => {
      const settings = await prisma.agendaSettings.findUnique({ where: { feedToken: token }, select: { accountId: true } });
      return settings ? items(settings.accountId, FEED_STATES) : null;
    },

    sendDueReminders: async () => {
      let sent = 0;
      // Batch by batch, each claimed and written in one transaction: rows another process is writing are skipped
      // (SKIP LOCKED), so several processes share the work and each reminder is written once.
      for (;;) {
        const wrote = await prisma.$transaction(async (tx) => {
          const claimed = await tx.$queryRaw<{ sessionId: string; accountId: string }[]>`
            UPDATE "SessionRegistration" r SET "remindedAt" = (now() AT TIME ZONE 'UTC')
            FROM (
              SELECT d."sessionId", d."accountId" FROM "SessionRegistration" d
              JOIN "Session" s ON s."id" = d."sessionId"
              JOIN "Event" e ON e."id" = s."eventId"
              JOIN "AgendaSettings" a ON a."accountId" = d."accountId"
              WHERE d."state" = 'registered' AND d."remindedAt" IS NULL AND a."reminders"
                AND s."status" = 'published' AND e."status" = 'published'
                -- Times are stored in UTC without a zone: compared with the clock in UTC.
                AND s."startsAt" > (now() AT TIME ZONE 'UTC')
                AND s."startsAt" <= (now() AT TIME ZONE 'UTC') + ${REMINDER_LEAD_MS} * interval '1 millisecond'
              LIMIT ${REMINDER_BATCH}
              FOR UPDATE OF d SKIP LOCKED
            ) due
            WHERE r."sessionId" = due."sessionId" AND r."accountId" = due."accountId"
            RETURNING r."sessionId", r."accountId"`;
          if (claimed.length === 0) return 0;
          const rows = await tx.sessionRegistration.findMany({
            where: { OR: claimed.map(({ sessionId, accountId }) => ({ sessionId, accountId })) },
            select: {
              account: { select: { email: true, displayName: true } },
              session: { select: { id: true, title: true, startsAt: true, timeZone: true, roomId: true, event: { select: { name: true } } } },
            },
          });
          for (const row of rows) {
            const { event, ...session } = row.session;
            await deps.write(tx, reminderLetter(row.account, { ...session, eventName: event.name }, deps.linkBase()));
          }
          return rows.length;
        });
        sent += wrote;
        if (wrote > 0) deps.written();
        if (wrote < REMINDER_BATCH) return sent;
      }
    },
  };
}
