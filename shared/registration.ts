/**
 * Taking part over HTTP: registering for an event and its sessions, the
 * waiting list's offers, and one's personal agenda with its calendar feed.
 * What is sent and what comes back (plain data, no database types).
 *
 * Behind the account's cookie; every change is a POST with the CSRF token:
 * - `GET  /api/events/:slug/registration` → EventRegistrationState
 * - `POST /api/events/:slug/registration` (EventRegistrationInput) → EventRegistrationState: registers, or changes it
 * - `POST /api/events/:slug/registration/cancel` → `{ ok }`: with every place and place in line in its sessions
 * - `GET  /api/sessions/:id/registration` → SessionRegistrationState (signed out too: the places)
 * - `POST /api/sessions/:id/registration` → SessionRegistrationState: a place, or a place in line when full
 * - `POST /api/sessions/:id/registration/accept` → SessionRegistrationState: takes the offered place (CONFLICT once lapsed)
 * - `POST /api/sessions/:id/registration/cancel` → SessionRegistrationState: gives up the place, the line or the offer
 * - `GET  /api/agenda` → AgendaView
 * - `POST /api/agenda/reminders` (`{ reminders }`) → AgendaView
 * - `POST /api/agenda/feed` → AgendaView: a new feed URL (the old one stops working)
 * - `POST /api/agenda/feed/off` → AgendaView: no feed
 * - `GET  /api/agenda/feed/:token.ics`: the calendar feed itself (no cookie: the URL is the key)
 */
import { z } from 'zod';
import type { EventSummary, SessionSummary } from './programme.js';
import { REGIONS, type Region } from './regions.js';

export { REGIONS, type Region } from './regions.js';

/** Most languages one person lists. */
export const MAX_REGISTRATION_LANGUAGES = 5;

/** How long a waiting-list offer holds by default, and the bounds organisers may set per event. */
export const DEFAULT_OFFER_HOURS = 24;
export const MIN_OFFER_HOURS = 1;
export const MAX_OFFER_HOURS = 168;

// Messages are keys (invalid.* in the client's text), as in shared/console.ts.
const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'invalid.language');

/**
 * A delegate's registration for an event. Country and region are optional
 * (someone at risk may prefer not to say); the event's principles must be
 * accepted; consent to being recorded is a free choice, told to organisers.
 */
export const eventRegistrationInputSchema = z.strictObject({
  /** ISO 3166-1 alpha-2, or "" (not said). */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, 'invalid.country')
    .default(''),
  /** Null: not said. */
  region: z.enum(REGIONS).nullable().default(null),
  /** Languages one can take part in, the first the preferred one. */
  languages: z
    .array(languageCode)
    .max(MAX_REGISTRATION_LANGUAGES, 'invalid.tooMany')
    .refine((codes) => new Set(codes).size === codes.length, 'invalid.eachOnce')
    .default([]),
  /** What would help them take part (captions, sign language, a quiet room, …): for organisers' eyes alone. */
  accessNeeds: z.string().trim().max(1000, 'invalid.tooLong').default(''),
  acceptsPrinciples: z.literal(true, 'invalid.mustAccept'),
  consentsToRecording: z.boolean(),
});
export type EventRegistrationInput = z.infer<typeof eventRegistrationInputSchema>;

/** One's own registration for an event. */
export interface EventRegistrationView extends Omit<EventRegistrationInput, 'acceptsPrinciples'> {
  eventId: string;
  registeredAt: string;
}

/** `GET /api/events/:slug/registration`: one's registration (null: none), and how long the event's offers hold. */
export interface EventRegistrationState {
  registration: EventRegistrationView | null;
  offerHours: number;
}

/**
 * Where someone stands for a session: a place (`registered`), in line
 * (`waiting`), or offered a freed place until `offerExpiresAt`
 * (`offered`). Cancelling removes the row: nothing is kept of it.
 */
export const SESSION_REGISTRATION_STATES = ['registered', 'waiting', 'offered'] as const;
export type SessionRegistrationStatus = (typeof SESSION_REGISTRATION_STATES)[number];

export interface SessionRegistrationView {
  sessionId: string;
  state: SessionRegistrationStatus;
  /** Waiting: one's place in line, from 1. */
  position: number | null;
  /** Offered: until when (ISO 8601, UTC). */
  offerExpiresAt: string | null;
}

/** A session's places: null capacity and places left mean no limit. */
export interface SessionAvailability {
  capacity: number | null;
  placesLeft: number | null;
  waiting: number;
}

/** `GET /api/sessions/:id/registration`: the places, and (signed in) whether one is registered for its event, and where one stands. */
export interface SessionRegistrationState {
  availability: SessionAvailability;
  isSignedIn: boolean;
  /** The event's slug (its registration form is at `/e/<slug>/register`). */
  eventSlug: string;
  isEventRegistered: boolean;
  mine: SessionRegistrationView | null;
}

/** One entry of the personal agenda. */
export interface AgendaItem {
  session: SessionSummary;
  event: Pick<EventSummary, 'id' | 'slug' | 'name' | 'timeZone'>;
  registration: SessionRegistrationView;
}

/** `GET /api/agenda`: one's sessions (and offers) by start time, the events one registered for, the feed and reminders. */
export interface AgendaView {
  items: AgendaItem[];
  events: Pick<EventSummary, 'id' | 'slug' | 'name' | 'startsOn' | 'endsOn' | 'timeZone'>[];
  /** The private calendar feed (subscribe to it in a calendar app); null while turned off. */
  feedUrl: string | null;
  /** An email about an hour before each session one has a place in. */
  reminders: boolean;
}

export const agendaRemindersRequestSchema = z.strictObject({ reminders: z.boolean() });

/** A feed's secret, as its URL carries it (base64url of 32 random bytes). */
export const feedTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** How long before a session starts its reminder is sent. */
export const REMINDER_LEAD_MS = 60 * 60_000;

// ---------------------------------------------------------------------------
// The organiser console (`/api/console/events/:eventId/…`), for the event's organisers alone:
// - `GET registrations` (RegistrationQuery) → ConsolePage<ConsoleRegistration>
// - `GET registrations/overview` → RegistrationOverview: counts at a glance, each session's line
// - `GET sessions/:sessionId/registrations` (`?state=`) → ConsolePage<ConsoleSessionRegistration>
// - `GET registrations.csv`, `GET sessions/:sessionId/registrations.csv`: exports, each written in the event's audit log
// - `GET audit` (`?offset=`) → ConsolePage<EventAuditView>

/** Filters of the console's list of registrations (each optional). */
export const registrationQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Part of a name or an email address. */
  q: z.string().trim().max(120).default(''),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/)
    .default(''),
  region: z.enum(REGIONS).optional(),
  language: languageCode.optional(),
});
export type RegistrationQuery = z.infer<typeof registrationQuerySchema>;

/** One person's registration, as the event's organisers see it (their address included). */
export interface ConsoleRegistration extends Omit<EventRegistrationView, 'eventId'> {
  displayName: string;
  email: string;
  /** Sessions they have a place in, and lines they are in (offers count as places). */
  places: number;
  waiting: number;
}

/** A session's places at a glance. */
export interface SessionLine {
  sessionId: string;
  title: string;
  startsAt: string;
  capacity: number | null;
  registered: number;
  offered: number;
  waiting: number;
}

export interface RegistrationOverview {
  registrations: number;
  /** How many said each region (a region nobody said is left out); `null` counts those who did not say. */
  byRegion: { region: Region | null; count: number }[];
  /** Every session of the event, by start. */
  sessions: SessionLine[];
}

export const sessionRegistrationQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  state: z.enum(SESSION_REGISTRATION_STATES).optional(),
});

/** Someone's standing in one session, for its organisers: places first, then offers, then the line in order. */
export interface ConsoleSessionRegistration {
  displayName: string;
  email: string;
  state: SessionRegistrationStatus;
  position: number | null;
  offerExpiresAt: string | null;
  since: string;
}

/** What an audit entry was about: how many people or addresses, and which session or announcement (data; the client says it). */
export interface AuditDetail {
  count?: number;
  title?: string;
}

/** What an event's organisers did that the event's audit log keeps (exports of people's data, announcements sent). */
export interface EventAuditView {
  id: string;
  at: string;
  actorName: string;
  action: string;
  detail: AuditDetail;
}
