import { AppError } from '../../shared/errors.js';
import type {
  AnnouncementInput,
  AnnouncementPreview,
  AnnouncementState,
  AnnouncementView,
  ConfirmedMember,
  ConsoleMember,
  MailingListOverview,
  MailingListSignUp,
  MemberPreferences,
  PreferencesInput,
} from '../../shared/mailingList.js';
import { audienceSchema } from '../../shared/mailingList.js';
import type { Region } from '../../shared/regions.js';
import { newToken, tokenDigest } from '../accounts/secrets.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';
import type { MailMessage } from '../mail/outbox.js';
import { announcementLetter, confirmationLetter } from './mailingListMail.js';
import type { MemberLinks } from './memberLinks.js';

/** A confirmation link holds this long; an unconfirmed sign-up is forgotten after it. */
export const CONFIRM_LINK_MS = 7 * 24 * 3_600_000;
/** Signing up again sends a new link only if the last is older than this. */
const RESEND_AFTER_MS = 10 * 60_000;
/** Letters written per transaction while an announcement is sent. */
export const ANNOUNCEMENT_BATCH = 200;
/** A sending announcement whose process has not renewed this for so long is taken up by another. */
export const SENDING_LEASE_MS = 30_000;

export interface MailingListDeps {
  prisma: PrismaClient;
  links: MemberLinks;
  write(tx: Prisma.TransactionClient, message: MailMessage): Promise<unknown>;
  written(): void;
  linkBase(): string;
  now?: () => Date;
}

/**
 * An event's mailing list (shared/mailingList.ts): double opt-in sign-ups,
 * members' own preferences by their signed links, and announcements
 * written to the outbox in batches. Console methods name their event.
 */
export interface MailingListRepository {
  /** Whatever the address's standing, the same quiet result: only an unconfirmed one is (re)sent its link. */
  signUp(eventSlug: string, input: MailingListSignUp): Promise<void>;
  confirm(token: string): Promise<ConfirmedMember>;
  preferences(memberId: string, token: string): Promise<MemberPreferences>;
  updatePreferences(memberId: string, token: string, input: PreferencesInput): Promise<MemberPreferences>;
  unsubscribe(memberId: string, token: string): Promise<void>;
  /** Unconfirmed sign-ups whose link lapsed are forgotten. */
  forgetUnconfirmed(): Promise<number>;

  overview(eventId: string, q: string, offset: number, limit: number): Promise<MailingListOverview>;
  exportList(eventId: string): Promise<{ header: string[]; rows: string[][] }>;
  announcements(eventId: string): Promise<AnnouncementView[]>;
  createAnnouncement(eventId: string, author: { id: string; name: string }, input: AnnouncementInput): Promise<AnnouncementView>;
  updateAnnouncement(eventId: string, id: string, input: AnnouncementInput): Promise<AnnouncementView>;
  preview(eventId: string, id: string): Promise<AnnouncementPreview>;
  /** Fixes its recipients and marks it sending (CONFLICT unless a draft). */
  startSending(eventId: string, id: string): Promise<AnnouncementView>;
  /** Writes the next batch; false once everything is written (or another process holds it). */
  sendBatch(id: string): Promise<boolean>;
  /** Announcements left sending by a process that stopped renewing them. */
  stalledSending(): Promise<string[]>;
}

/** Shows enough of an address for its owner to know it, little for anyone a link was forwarded to. */
export function partlyHidden(email: string): string {
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 2)}${'•'.repeat(Math.max(1, Math.min(6, name.length - 2)))}@${domain}`;
}

type Audience = ReturnType<typeof audienceSchema.parse>;

const audienceWhere = (audience: Audience): Prisma.MailingListMemberWhereInput => ({
  ...(audience.topics.length > 0 ? { topics: { hasSome: audience.topics } } : {}),
  ...(audience.region ? { region: audience.region } : {}),
  ...(audience.language ? { language: audience.language } : {}),
});

export function createMailingListRepository(deps: MailingListDeps): MailingListRepository {
  const { prisma, links } = deps;
  const now = deps.now ?? (() => new Date());

  const confirmUrl = (token: string) => `${deps.linkBase()}/mailing-list/confirm?token=${token}`;

  /** Only the event's own topics are kept. */
  const ownTopics = async (eventId: string, topics: string[]) => {
    if (topics.length === 0) return [];
    const known = new Set((await prisma.topic.findMany({ where: { eventId }, select: { name: true } })).map((topic) => topic.name));
    return topics.filter((topic) => known.has(topic));
  };

  const preferencesOf = async (member: { eventId: string; email: string; topics: string[]; region: string | null; language: string }): Promise<MemberPreferences> => {
    const event = await prisma.event.findUniqueOrThrow({ where: { id: member.eventId }, select: { name: true, slug: true, topics: { orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { name: true } } } });
    return {
      eventName: event.name,
      eventSlug: event.slug,
      email: partlyHidden(member.email),
      topics: member.topics,
      region: member.region as Region | null,
      language: member.language,
      topicChoices: event.topics.map((topic) => topic.name),
    };
  };

  /** The confirmed member a signed link names; the same NOT_FOUND for a bad token, a left member, an unconfirmed one. */
  const memberByLink = async (memberId: string, token: string) => {
    const member = links.isValid(memberId, token) ? await prisma.mailingListMember.findUnique({ where: { id: memberId } }) : null;
    if (!member?.confirmedAt) throw new AppError('NOT_FOUND', 'this link is not valid any more: the address may have left the list');
    return member;
  };

  const toView = (row: Prisma.AnnouncementGetPayload<object>): AnnouncementView => ({
    id: row.id,
    subject: row.subject,
    text: row.text,
    audience: audienceSchema.parse(row.audience),
    state: row.state as AnnouncementState,
    recipients: row.recipients,
    written: row.written,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  });

  const announcementIn = async (eventId: string, id: string) => {
    const row = await prisma.announcement.findFirst({ where: { id, eventId } });
    if (!row) throw new AppError('NOT_FOUND', 'no such announcement in this event');
    return row;
  };

  const letterFor = (member: { id: string; email: string }, announcement: { subject: string; text: string }, event: { name: string; slug: string }) => {
    const base = deps.linkBase();
    const query = links.query(member.id);
    return announcementLetter(member.email, announcement, { eventName: event.name, eventSlug: event.slug, host: new URL(base).hostname }, {
      preferencesUrl: `${base}/mailing-list/preferences?${query}`,
      unsubscribePageUrl: `${base}/mailing-list/unsubscribe?${query}`,
      oneClickUrl: `${base}/api/mailing-list/unsubscribe?${query}`,
    });
  };

  return {
    signUp: async (eventSlug, input) => {
      const event = await prisma.event.findFirst({ where: { slug: eventSlug, status: 'published' }, select: { id: true, name: true } });
      if (!event) throw new AppError('NOT_FOUND', 'no published event has this address');
      const preferences = { topics: await ownTopics(event.id, input.topics), region: input.region, language: input.language };
      const at = now();
      const token = newToken();
      const sent = await prisma.$transaction(async (tx) => {
        const existing = await tx.mailingListMember.findUnique({ where: { eventId_email: { eventId: event.id, email: input.email } } });
        // Confirmed already: nothing changes, nothing is sent (the answer says nothing either).
        if (existing?.confirmedAt) return false;
        if (existing && existing.confirmSentAt && at.getTime() - existing.confirmSentAt.getTime() < RESEND_AFTER_MS) return false;
        const link = { confirmDigest: tokenDigest(token), confirmSentAt: at };
        if (existing) await tx.mailingListMember.update({ where: { id: existing.id }, data: { ...preferences, ...link } });
        else await tx.mailingListMember.create({ data: { eventId: event.id, email: input.email, ...preferences, ...link } });
        await deps.write(tx, confirmationLetter(input.email, event.name, confirmUrl(token)));
        return true;
      }).catch((error: unknown) => {
        // Two sign-ups of one address at once: the first one's link stands.
        if ((error as { code?: string }).code === 'P2002') return false;
        throw error;
      });
      if (sent) deps.written();
    },

    confirm: async (token) => {
      const member = await prisma.mailingListMember.findUnique({ where: { confirmDigest: tokenDigest(token) } });
      if (!member || !member.confirmSentAt || now().getTime() - member.confirmSentAt.getTime() > CONFIRM_LINK_MS) {
        throw new AppError('NOT_FOUND', 'this link is not valid any more: sign up again');
      }
      const confirmed = await prisma.mailingListMember.update({ where: { id: member.id }, data: { confirmedAt: now(), confirmDigest: null } });
      return { ...(await preferencesOf(confirmed)), preferencesPath: `/mailing-list/preferences?${links.query(member.id)}` };
    },

    preferences: async (memberId, token) => preferencesOf(await memberByLink(memberId, token)),

    updatePreferences: async (memberId, token, input) => {
      const member = await memberByLink(memberId, token);
      const updated = await prisma.mailingListMember.update({
        where: { id: member.id },
        data: { topics: await ownTopics(member.eventId, input.topics), region: input.region, language: input.language },
      });
      return preferencesOf(updated);
    },

    unsubscribe: async (memberId, token) => {
      if (!links.isValid(memberId, token)) throw new AppError('NOT_FOUND', 'this link is not valid');
      // Nothing of the address is kept. Leaving twice is no error.
      await prisma.mailingListMember.deleteMany({ where: { id: memberId } });
    },

    forgetUnconfirmed: async () =>
      // By the last link sent: signing up again gives a new week.
      (await prisma.mailingListMember.deleteMany({ where: { confirmedAt: null, confirmSentAt: { lt: new Date(now().getTime() - CONFIRM_LINK_MS) } } })).count,

    overview: async (eventId, q, offset, limit) => {
      // An unconfirmed address has not said yes: organisers see how many, not which.
      const where: Prisma.MailingListMemberWhereInput = { eventId, confirmedAt: { not: null }, ...(q ? { email: { contains: q, mode: 'insensitive' } } : {}) };
      const [rows, total, confirmed, unconfirmed] = await Promise.all([
        prisma.mailingListMember.findMany({ where, orderBy: { seq: 'asc' }, skip: offset, take: limit }),
        prisma.mailingListMember.count({ where }),
        prisma.mailingListMember.count({ where: { eventId, confirmedAt: { not: null } } }),
        prisma.mailingListMember.count({ where: { eventId, confirmedAt: null } }),
      ]);
      const items = rows.map(
        (row): ConsoleMember => ({
          email: row.email,
          topics: row.topics,
          region: row.region as Region | null,
          language: row.language,
          confirmedAt: row.confirmedAt?.toISOString() ?? null,
          signedUpAt: row.createdAt.toISOString(),
        }),
      );
      return { confirmed, unconfirmed, items, next: offset + rows.length < total ? offset + rows.length : null, total };
    },

    exportList: async (eventId) => {
      // The confirmed list: an unconfirmed address has not said yes.
      const rows = await prisma.mailingListMember.findMany({ where: { eventId, confirmedAt: { not: null } }, orderBy: { seq: 'asc' } });
      return {
        header: ['email', 'topics', 'region', 'language', 'confirmed at'],
        rows: rows.map((row) => [row.email, row.topics.join('; '), row.region ?? '', row.language, row.confirmedAt!.toISOString()]),
      };
    },

    announcements: async (eventId) =>
      (await prisma.announcement.findMany({ where: { eventId }, orderBy: { createdAt: 'desc' } })).map(toView),

    createAnnouncement: async (eventId, author, input) =>
      toView(await prisma.announcement.create({ data: { eventId, subject: input.subject, text: input.text, audience: input.audience, createdById: author.id, createdBy: author.name } })),

    updateAnnouncement: async (eventId, id, input) => {
      const { count } = await prisma.announcement.updateMany({ where: { id, eventId, state: 'draft' }, data: { subject: input.subject, text: input.text, audience: input.audience } });
      if (count === 0) {
        await announcementIn(eventId, id);
        throw new AppError('CONFLICT', 'this announcement was sent: it cannot change');
      }
      return toView(await announcementIn(eventId, id));
    },

    preview: async (eventId, id) => {
      const row = await announcementIn(eventId, id);
      const event = await prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { name: true, slug: true } });
      const recipients = await prisma.mailingListMember.count({ where: { eventId, confirmedAt: { not: null }, ...audienceWhere(audienceSchema.parse(row.audience)) } });
      // An example member: the links show their shape, and lead nowhere.
      const letter = letterFor({ id: '00000000-0000-4000-8000-000000000000', email: 'member@example.org' }, row, event);
      return { subject: letter.subject, text: letter.text, recipients };
    },

    startSending: async (eventId, id) => {
      const row = await announcementIn(eventId, id);
      const where = { eventId, confirmedAt: { not: null }, ...audienceWhere(audienceSchema.parse(row.audience)) };
      const [recipients, last] = await Promise.all([
        prisma.mailingListMember.count({ where }),
        prisma.mailingListMember.findFirst({ where, orderBy: { seq: 'desc' }, select: { seq: true } }),
      ]);
      if (row.state !== 'draft') throw new AppError('CONFLICT', 'this announcement was sent already');
      // A draft that would reach nobody stays a draft (its audience may be widened).
      if (recipients === 0) throw new AppError('CONFLICT', 'nobody on the list matches this announcement’s audience');
      const { count } = await prisma.announcement.updateMany({
        where: { id, eventId, state: 'draft' },
        data: { state: 'sending', recipients, lastSeq: last!.seq, heartbeatAt: now() },
      });
      if (count === 0) throw new AppError('CONFLICT', 'this announcement was sent already');
      return toView(await announcementIn(eventId, id));
    },

    sendBatch: async (id) => {
      let more = false;
      const wrote = await prisma.$transaction(async (tx) => {
        // One batch at a time per announcement, whichever process: the row is locked, the cursor read under it.
        const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Announcement" WHERE "id" = ${id} AND "state" = 'sending' FOR UPDATE`;
        if (!row) return 0;
        const announcement = await tx.announcement.findUniqueOrThrow({ where: { id }, include: { event: { select: { name: true, slug: true } } } });
        const members = await tx.mailingListMember.findMany({
          where: {
            eventId: announcement.eventId,
            confirmedAt: { not: null },
            seq: { gt: announcement.cursor, lte: announcement.lastSeq },
            ...audienceWhere(audienceSchema.parse(announcement.audience)),
          },
          orderBy: { seq: 'asc' },
          take: ANNOUNCEMENT_BATCH,
          select: { id: true, email: true, seq: true },
        });
        for (const member of members) await deps.write(tx, letterFor(member, announcement, announcement.event));
        more = members.length === ANNOUNCEMENT_BATCH;
        await tx.announcement.update({
          where: { id },
          data: {
            cursor: members.at(-1)?.seq ?? announcement.cursor,
            written: { increment: members.length },
            heartbeatAt: now(),
            ...(more ? {} : { state: 'sent', sentAt: now() }),
          },
        });
        return members.length;
      });
      if (wrote > 0) deps.written();
      return more;
    },

    stalledSending: async () =>
      (
        await prisma.announcement.findMany({
          where: { state: 'sending', OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(now().getTime() - SENDING_LEASE_MS) } }] },
          select: { id: true },
        })
      ).map((row) => row.id),
  };
}
