// Types only: shared/registration.ts builds zod schemas, which the programme's pages (this module's callers) do without.
import type { AgendaView, EventRegistrationInput, EventRegistrationState, SessionRegistrationState } from '../../../shared/registration.js';
import { callJson, withCsrf } from './httpApi.js';

/**
 * Taking part (`shared/registration.ts`): one's registration for an event,
 * one's place (or place in line) in its sessions, and one's agenda with its
 * calendar feed and reminders. Behind the account's cookie; every change
 * carries the CSRF token (see withCsrf) and answers with the new state.
 */
const path = (...parts: string[]) => `/api/${parts.map(encodeURIComponent).join('/')}`;
const get = <T>(url: string, signal?: AbortSignal) => callJson<T>(url, { method: 'GET', signal });
const post = async <T>(url: string, body: unknown = {}) => (await withCsrf(url, body)) as T;

export const registrationApi = {
  /** Rejects with `UNAUTHENTICATED` when signed out, `NOT_FOUND` for an unknown event. */
  eventRegistration: (slug: string, signal?: AbortSignal) => get<EventRegistrationState>(path('events', slug, 'registration'), signal),
  /** Registers, or changes one's registration. */
  register: (slug: string, input: EventRegistrationInput) => post<EventRegistrationState>(path('events', slug, 'registration'), input),
  /** Gives up the registration with every place and place in line in the event's sessions. */
  cancelRegistration: (slug: string) => post<{ ok: boolean }>(path('events', slug, 'registration', 'cancel')),

  /** The session's places; signed in, also where one stands (answers signed out too). */
  sessionRegistration: (sessionId: string, signal?: AbortSignal) => get<SessionRegistrationState>(path('sessions', sessionId, 'registration'), signal),
  /** A place, or a place in line when the session is full. */
  takePlace: (sessionId: string) => post<SessionRegistrationState>(path('sessions', sessionId, 'registration')),
  /** Takes an offered place; `CONFLICT` once the offer has lapsed. */
  acceptOffer: (sessionId: string) => post<SessionRegistrationState>(path('sessions', sessionId, 'registration', 'accept')),
  /** Gives up the place, the place in line or the offer. */
  giveUpPlace: (sessionId: string) => post<SessionRegistrationState>(path('sessions', sessionId, 'registration', 'cancel')),

  /** Rejects with `UNAUTHENTICATED` when signed out. */
  agenda: (signal?: AbortSignal) => get<AgendaView>(path('agenda'), signal),
  setReminders: (reminders: boolean) => post<AgendaView>(path('agenda', 'reminders'), { reminders }),
  /** A new feed address; the old one stops working. */
  renewFeed: () => post<AgendaView>(path('agenda', 'feed')),
  turnFeedOff: () => post<AgendaView>(path('agenda', 'feed', 'off')),
};
