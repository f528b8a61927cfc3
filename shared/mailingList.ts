/**
 * An event's mailing list: anyone signs up with an address (no account),
 * confirmed by a link mailed to it (double opt-in: nothing else is sent to
 * an unconfirmed address); preferences (topics, region, language); one
 * click unsubscribes from any list message (its link, and the
 * `List-Unsubscribe` header). Organisers write announcements, preview
 * them, send them to the confirmed list in batches with progress shown,
 * and export the list.
 *
 * Public (changes carry the CSRF token, except the one-click unsubscribe, which a mail client posts):
 * - `POST /api/events/:slug/mailing-list` (MailingListSignUp) → 202 `{ ok }`, whether or not the address was on it
 * - `POST /api/mailing-list/confirm` (`{ token }`) → ConfirmedMember
 * - `GET  /api/mailing-list/preferences?m=&t=` → MemberPreferences
 * - `POST /api/mailing-list/preferences?m=&t=` (PreferencesInput) → MemberPreferences
 * - `POST /api/mailing-list/unsubscribe?m=&t=` → `{ ok }`: the address leaves the list (nothing of it is kept)
 *
 * Console (`/api/console/events/:eventId/…`, organisers):
 * - `GET mailing-list` (`?offset=&q=`) → MailingListOverview
 * - `GET mailing-list.csv`: export, written in the event's audit log
 * - `GET announcements` → AnnouncementView[]; `POST announcements` (AnnouncementInput) → AnnouncementView (a draft)
 * - `POST announcements/:id` (AnnouncementInput) → AnnouncementView (drafts only)
 * - `POST announcements/:id/preview` → AnnouncementPreview: the letter as a member reads it, and how many it would reach
 * - `POST announcements/:id/send` → AnnouncementView: sending starts (progress in `written` / `recipients`)
 */
import { z } from 'zod';
import { emailSchema } from './accounts.js';
import { REGIONS, type Region } from './regions.js';

const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'invalid.language');
/** Topic names of the event (the server keeps those that are its topics). */
const topics = z.array(z.string().trim().min(1).max(120)).max(20, 'invalid.tooMany').default([]);

export const preferencesInputSchema = z.strictObject({
  topics,
  region: z.enum(REGIONS).nullable().default(null),
  /** The language one would like the list's messages in. */
  language: languageCode.default('en'),
});
export type PreferencesInput = z.infer<typeof preferencesInputSchema>;

export const mailingListSignUpSchema = preferencesInputSchema.extend({ email: emailSchema });
export type MailingListSignUp = z.infer<typeof mailingListSignUpSchema>;

/** `POST /api/mailing-list/confirm`: the preferences, and the member's own page to change them. */
export interface ConfirmedMember extends MemberPreferences {
  /** `/mailing-list/preferences?m=…&t=…` */
  preferencesPath: string;
}

/** A member's link (`m`: their id, `t`: the token signed for it). */
export const memberLinkSchema = z.object({ m: z.uuid(), t: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export interface MemberPreferences {
  eventName: string;
  eventSlug: string;
  /** Partly hidden (a forwarded link shows little of whose it is). */
  email: string;
  topics: string[];
  region: Region | null;
  language: string;
  /** The event's topics, to choose from. */
  topicChoices: string[];
}

/** One member as organisers see them. */
export interface ConsoleMember {
  email: string;
  topics: string[];
  region: Region | null;
  language: string;
  confirmedAt: string | null;
  signedUpAt: string;
}

export interface MailingListOverview {
  confirmed: number;
  unconfirmed: number;
  items: ConsoleMember[];
  next: number | null;
  total: number;
}

/** Who an announcement goes to: every confirmed member, or those whose preferences match each part given. */
export const audienceSchema = z.strictObject({
  topics: z.array(z.string().trim().min(1).max(120)).max(20).default([]),
  region: z.enum(REGIONS).nullable().default(null),
  language: languageCode.nullable().default(null),
});

export const announcementInputSchema = z.strictObject({
  subject: z.string().trim().min(1, 'invalid.required').max(200, 'invalid.tooLong'),
  text: z.string().trim().min(1, 'invalid.required').max(20_000, 'invalid.tooLong'),
  audience: audienceSchema.default({ topics: [], region: null, language: null }),
});
export type AnnouncementInput = z.infer<typeof announcementInputSchema>;

export const ANNOUNCEMENT_STATES = ['draft', 'sending', 'sent'] as const;
export type AnnouncementState = (typeof ANNOUNCEMENT_STATES)[number];

export interface AnnouncementView {
  id: string;
  subject: string;
  text: string;
  audience: z.infer<typeof audienceSchema>;
  state: AnnouncementState;
  /** Fixed when sending starts: the confirmed members it goes to. */
  recipients: number;
  /** Letters written to the outbox so far (sent from there over SMTP, or held for organisers without it). */
  written: number;
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
}

export interface AnnouncementPreview {
  subject: string;
  /** The plain text a member receives, with its footer (their own links in place of the example's). */
  text: string;
  recipients: number;
}
