/**
 * Calls for participation: organisers open a call (ignite speakers,
 * buzz-group moderators, partners of concurrent, local, virtual and pop-up
 * events) with a description, a deadline and questions; people apply from
 * their account; organisers review, comment, accept or decline with a
 * message (sent by email). Accepting grants the role, or makes a draft
 * session the partner completes and the organisers publish.
 *
 * Public and personal (behind the account's cookie; changes are POSTs with the CSRF token):
 * - `GET  /api/events/:slug/calls` → CallSummary[]: the event's open calls
 * - `GET  /api/calls/:id` → CallSummary (open or closed; drafts are the organisers')
 * - `GET  /api/calls/:id/application` → MyApplication | null
 * - `POST /api/calls/:id/application` (ApplicationInput) → MyApplication: applies, or changes it while the call is open
 * - `POST /api/calls/:id/application/withdraw` → MyApplication
 * - `GET  /api/applications` → MyApplication[]: one's applications, newest first
 * - `GET  /api/my-sessions/:id` → ConsoleSession: a partner's draft session, for its owner
 * - `POST /api/my-sessions/:id` (PartnerSessionInput) → ConsoleSession: the owner completes it while it is a draft
 *
 * Console (`/api/console/events/:eventId/…`, organisers):
 * - `GET calls` → ConsoleCall[]; `POST calls` (CallInput) → ConsoleCall; `POST calls/:callId` (CallInput) → ConsoleCall;
 *   `POST calls/:callId/delete` (CONFLICT once anyone applied: close it instead)
 * - `GET applications` (ApplicationQuery) → ConsolePage<ConsoleApplication>
 * - `POST applications/:applicationId/comments` (`{ body }`) → ConsoleApplication
 * - `POST applications/:applicationId/decision` (DecisionInput) → ConsoleApplication
 * - `GET applications.csv`: export, written in the event's audit log
 */
import { z } from 'zod';
import { checkSessionTimes, localDateTimeSchema, sessionLanguagesSchema, timeZoneSchema } from './console.js';
import { SESSION_FORMATS } from './programme.js';

/** What a call is for, in the words of ICSW's calls. */
export const CALL_KINDS = ['ignite-speaker', 'buzz-moderator', 'concurrent-partner', 'local-partner', 'virtual-partner', 'pop-up-partner'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/** Partners' calls: accepting one makes a draft session its partner completes. */
export const PARTNER_CALL_KINDS: readonly CallKind[] = ['concurrent-partner', 'local-partner', 'virtual-partner', 'pop-up-partner'];

/** "draft": organisers only; "open": people apply until the deadline; "closed": no more applications. */
export const CALL_STATUSES = ['draft', 'open', 'closed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** See server/calls/applicationStates.ts for the moves between them. */
export const APPLICATION_STATES = ['submitted', 'accepted', 'declined', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const MAX_CALL_QUESTIONS = 10;

const text = (max: number) => z.string().trim().max(max, 'invalid.tooLong');
const required = (max: number) => text(max).min(1, 'invalid.required');

/** A call as organisers write it: its deadline on the wall clock of a zone. */
export const callInputSchema = z.strictObject({
  kind: z.enum(CALL_KINDS),
  title: required(200),
  description: text(4000).default(''),
  /** For an ignite speaker or buzz-group moderator: the session they would take part in (null: the event as a whole). */
  sessionId: z.uuid().nullable().default(null),
  questions: z.array(required(500)).max(MAX_CALL_QUESTIONS, 'invalid.tooMany').default([]),
  closesAt: localDateTimeSchema,
  timeZone: timeZoneSchema,
  status: z.enum(CALL_STATUSES).default('draft'),
});
export type CallInput = z.infer<typeof callInputSchema>;

/** A call as the public reads it. */
export interface CallSummary {
  id: string;
  eventId: string;
  eventSlug: string;
  eventName: string;
  kind: CallKind;
  title: string;
  description: string;
  questions: string[];
  /** ISO 8601, UTC. */
  closesAt: string;
  timeZone: string;
  status: CallStatus;
  /** Open and before its deadline. */
  isOpen: boolean;
  /** The session it is for, if any. */
  session: { id: string; title: string } | null;
}

/** A call as organisers manage it. */
export interface ConsoleCall extends CallSummary {
  closesAtLocal: string;
  applications: Record<ApplicationState, number>;
}

/** An application: a short proposal (a talk's title, an event's name) and the answers, in the call's order. */
export const applicationInputSchema = z.strictObject({
  summary: required(200),
  answers: z.array(text(4000)).max(MAX_CALL_QUESTIONS, 'invalid.tooMany').default([]),
});
export type ApplicationInput = z.infer<typeof applicationInputSchema>;

/** An application, as its applicant and the organisers both see it. */
export interface ApplicationFields {
  id: string;
  summary: string;
  answers: string[];
  state: ApplicationState;
  /** The organisers' message with their decision. */
  message: string;
  submittedAt: string;
  decidedAt: string | null;
  /** Accepted as a partner: the draft session to complete (`/my-sessions/:id`). */
  sessionId: string | null;
}

/** One's own application. */
export interface MyApplication extends ApplicationFields {
  call: CallSummary;
}

export const applicationQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  callId: z.uuid().optional(),
  state: z.enum(APPLICATION_STATES).optional(),
  /** Part of a name, an address or the proposal. */
  q: z.string().trim().max(120).default(''),
});
export type ApplicationQuery = z.infer<typeof applicationQuerySchema>;

export interface ApplicationComment {
  id: string;
  authorName: string;
  body: string;
  at: string;
}

/** An application as organisers review it: who applied, and their notes on it. */
export interface ConsoleApplication extends ApplicationFields {
  callId: string;
  callTitle: string;
  callKind: CallKind;
  questions: string[];
  displayName: string;
  email: string;
  comments: ApplicationComment[];
}

export const applicationCommentSchema = z.strictObject({ body: required(2000) });

export const decisionInputSchema = z.strictObject({
  decision: z.enum(['accept', 'decline']),
  /** Sent to the applicant by email, and shown to them. */
  message: text(4000).default(''),
});
export type DecisionInput = z.infer<typeof decisionInputSchema>;

/** What a partner completes of their draft session (organisers keep the rest, and publish it). */
export const partnerSessionInputSchema = z
  .strictObject({
    title: required(200),
    description: text(4000).default(''),
    startsAt: localDateTimeSchema,
    endsAt: localDateTimeSchema,
    timeZone: timeZoneSchema,
    format: z.enum(SESSION_FORMATS),
    place: text(300).default(''),
    languages: sessionLanguagesSchema,
  })
  .superRefine(checkSessionTimes);
export type PartnerSessionInput = z.infer<typeof partnerSessionInputSchema>;
