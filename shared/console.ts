/** The organiser console over HTTP (`/api/console/*`): what is sent and what comes back. */
import { z } from 'zod';
import { emailSchema, signUpRequestSchema } from './accounts.js';
import { EVENT_ROLES, SESSION_ROLES, type EventRole } from './eventRoles.js';
import {
  PUBLICATION_STATUSES,
  SESSION_PERSON_ROLES,
  RECORDING_POLICIES,
  SESSION_FORMATS,
  SESSION_KINDS,
  SESSION_VISIBILITIES,
  type EventSummary,
  type SessionSummary,
} from './programme.js';
import { ROLES } from './events.js';
import { DEFAULT_OFFER_HOURS, MAX_OFFER_HOURS, MIN_OFFER_HOURS } from './registration.js';
import { MAX_LIFETIME_HOURS } from './invitations.js';
import { instantOfWallTime, isTimeZone } from './timeZones.js';

export const eventGrantRequestSchema = z.strictObject({ email: emailSchema, role: z.enum(EVENT_ROLES) });
export type EventGrantRequest = z.infer<typeof eventGrantRequestSchema>;

export const sessionGrantRequestSchema = z.strictObject({ email: emailSchema, role: z.enum(SESSION_ROLES) });
export type SessionGrantRequest = z.infer<typeof sessionGrantRequestSchema>;

export const revokeGrantRequestSchema = z.strictObject({ email: emailSchema });

export const publicationRequestSchema = z.strictObject({ status: z.enum(PUBLICATION_STATUSES) });

/** A role granted to an address, as organisers see it (addresses are for organisers' eyes alone). */
export interface GrantView {
  email: string;
  role: string;
  createdAt: string;
}

/** An event the signed-in person holds a role in, with the role. */
export interface ConsoleEvent {
  event: EventSummary;
  role: EventRole;
}

/** `GET /api/console/events`: the person's events, and whether they administer the platform (new events, the outbox). */
export interface ConsoleOverview {
  events: ConsoleEvent[];
  isAdmin: boolean;
}

// Messages are keys (invalid.* in the client's text), read with the issue's figures: the forms say them in the person's language.
const text = (max: number) => z.string().trim().max(max, 'invalid.tooLong');
const required = (max: number) => text(max).min(1, 'invalid.required');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid.date');
/** A wall-clock time in the session's zone, as a form's datetime-local field gives it. */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'invalid.dateTime');
export const timeZoneSchema = z.string().min(1, 'invalid.required').max(64, 'invalid.timeZone').refine(isTimeZone, 'invalid.timeZone');
/** A session's languages (BCP 47), the first its main one. */
export const sessionLanguagesSchema = z
  .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'invalid.language'))
  .min(1, 'invalid.atLeastOne')
  .max(10, 'invalid.tooMany');

/** An event as organisers enter it. */
export const eventInputSchema = z
  .strictObject({
    name: required(120),
    /** Shown in links; lower-case letters, digits and dashes. */
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'invalid.slug'),
    theme: text(200).default(''),
    description: text(4000).default(''),
    host: text(200).default(''),
    principles: z.array(required(300)).max(20).default([]),
    timeZone: timeZoneSchema,
    startsOn: day,
    endsOn: day,
    /** How long a waiting-list offer holds before it passes to the next in line. */
    offerHours: z.number().int().min(MIN_OFFER_HOURS, 'invalid.tooSmall').max(MAX_OFFER_HOURS, 'invalid.tooLarge').default(DEFAULT_OFFER_HOURS),
  })
  .refine((event) => event.endsOn >= event.startsOn, { path: ['endsOn'], message: 'invalid.onOrAfterFirstDay' });
export type EventInput = z.infer<typeof eventInputSchema>;

export const topicInputSchema = z.strictObject({
  name: required(120),
  description: text(1000).default(''),
});
export type TopicInput = z.infer<typeof topicInputSchema>;

/**
 * What a session's times and place must be, wherever one is entered (the
 * console, a partner's own session): each time exists on its zone's clock
 * (not one the clocks skip), the end comes after the start, and a session
 * not only online says where it is.
 */
export function checkSessionTimes(
  session: { startsAt: string; endsAt: string; timeZone: string; format: string; place: string },
  context: z.RefinementCtx,
): void {
  for (const field of ['startsAt', 'endsAt'] as const) {
    if (isTimeZone(session.timeZone) && instantOfWallTime(session[field], session.timeZone) === null) {
      context.addIssue({ code: 'custom', path: [field], message: 'invalid.skippedTime' });
    }
  }
  if (session.endsAt <= session.startsAt) context.addIssue({ code: 'custom', path: ['endsAt'], message: 'invalid.afterStart' });
  if (session.format !== 'virtual' && session.place === '') context.addIssue({ code: 'custom', path: ['place'], message: 'invalid.place' });
}

/** Most people (and most partners) one session names. */
export const MAX_SESSION_PEOPLE = 50;

/** A programme item as organisers enter it: times on the wall clock of its zone. */
export const sessionInputSchema = z
  .strictObject({
    kind: z.enum(SESSION_KINDS),
    title: required(200),
    description: text(4000).default(''),
    startsAt: localDateTimeSchema,
    endsAt: localDateTimeSchema,
    timeZone: timeZoneSchema,
    format: z.enum(SESSION_FORMATS),
    place: text(300).default(''),
    languages: sessionLanguagesSchema,
    capacity: z.number().int().min(1).max(100_000).nullable().default(null),
    topicId: z.uuid().nullable().default(null),
    visibility: z.enum(SESSION_VISIBILITIES).default('public'),
    recordingPolicy: z.enum(RECORDING_POLICIES).default('on-request'),
    requiresAccount: z.boolean().default(false),
    /** Who takes part, in the order the session's page shows them; absent: as they are. */
    people: z
      .array(z.strictObject({ personId: z.uuid(), role: z.enum(SESSION_PERSON_ROLES) }))
      .max(MAX_SESSION_PEOPLE)
      .refine((people) => new Set(people.map((person) => person.personId)).size === people.length, 'invalid.eachOnce')
      .optional(),
    /** Its partner organisations; absent: as they are. */
    partnerIds: z
      .array(z.uuid())
      .max(MAX_SESSION_PEOPLE)
      .refine((ids) => new Set(ids).size === ids.length, 'invalid.eachOnce')
      .optional(),
  })
  .superRefine(checkSessionTimes);
export type SessionInput = z.infer<typeof sessionInputSchema>;

const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([A-Z]{2})?$/, 'invalid.country')
  .default('');

/** A speaker's or moderator's public profile, as organisers enter it (the photo is sent on its own). */
export const personInputSchema = z.strictObject({
  name: required(120),
  pronouns: text(40).default(''),
  organisation: text(200).default(''),
  country,
  biography: text(4000).default(''),
});
export type PersonInput = z.infer<typeof personInputSchema>;

/** A partner organisation, as organisers enter it (the logo is sent on its own). */
export const partnerInputSchema = z.strictObject({
  name: required(200),
  country,
  link: z
    .string()
    .trim()
    .max(500)
    .refine((link) => link === '' || /^https?:\/\/[^\s]+$/i.test(link), 'invalid.webAddress')
    .default(''),
});
export type PartnerInput = z.infer<typeof partnerInputSchema>;

/** Photos and logos: the largest upload, and the types read (each re-encoded to WebP, its metadata dropped). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/**
 * The first organiser's event, with the code the server wrote to its data
 * directory (proof of running it), and their account unless they are
 * signed in already.
 */
export const firstRunRequestSchema = z.strictObject({
  setupCode: z.string().trim().min(1, 'invalid.required').max(100, 'invalid.tooLong'),
  account: signUpRequestSchema.optional(),
  event: eventInputSchema,
});

/** `GET /api/console/first-run`: whether the platform still waits for its first organiser. */
export interface FirstRunStatus {
  isNeeded: boolean;
}

/** A page of a long list; `next` is the offset of the following page, or null at the end. */
export interface ConsolePage<T> {
  items: T[];
  next: number | null;
  total: number;
}

export const CONSOLE_PAGE_SIZE = 25;
export const pageQuerySchema = z.object({ offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });
/** A page of an event's people or partners, narrowed by name. */
export const directoryQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(120).default('') });

/** A session as the console edits it: its times also on the wall clock of its zone. */
export interface ConsoleSession extends SessionSummary {
  startsAtLocal: string;
  endsAtLocal: string;
}

/**
 * An email in the outbox, for organisers: without SMTP, messages are held
 * here for them to pass on (a sign-up's link, say); with it, sent, retried
 * and any failure shown.
 */
export interface OutboxEntry {
  id: string;
  kind: string;
  to: string;
  subject: string;
  /** Held messages only: what to pass on. */
  text: string | null;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** An invitation link for a guest without an account, minted in the console for a session's room. */
export const consoleInvitationRequestSchema = z.strictObject({
  role: z.enum(ROLES),
  expiresInHours: z.number().int().min(1).max(MAX_LIFETIME_HOURS).optional(),
});
