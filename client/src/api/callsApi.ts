// Types only: shared/calls.ts builds zod schemas, which the programme's landing page (a caller) does without.
import type { ApplicationInput, CallSummary, MyApplication, PartnerSessionInput } from '../../../shared/calls.js';
import type { ConsoleSession } from '../../../shared/console.js';
import { callJson, withCsrf } from './httpApi.js';

/**
 * Calls for participation (`shared/calls.ts`) as people read and answer
 * them, and a partner's own draft session. Reading a call is public; one's
 * application and session are behind the account's cookie, and every
 * change carries the CSRF token (see withCsrf).
 */
const path = (...parts: string[]) => `/api/${parts.map(encodeURIComponent).join('/')}`;
const get = <T>(url: string, signal?: AbortSignal) => callJson<T>(url, { method: 'GET', signal });
const post = async <T>(url: string, body: unknown = {}) => (await withCsrf(url, body)) as T;

export const callsApi = {
  /** The event's open calls, soonest deadline first (an unknown event has none). */
  openCalls: (slug: string, signal?: AbortSignal) => get<CallSummary[]>(path('events', slug, 'calls'), signal),
  /** An open or closed call; rejects with `NOT_FOUND` for a draft or an unknown id. */
  call: (callId: string, signal?: AbortSignal) => get<CallSummary>(path('calls', callId), signal),

  /** One's application to the call, or null; rejects with `UNAUTHENTICATED` when signed out. */
  myApplication: (callId: string, signal?: AbortSignal) => get<MyApplication | null>(path('calls', callId, 'application'), signal),
  /**
   * Applies, or changes the application while the call is open. `CONFLICT`:
   * the address is not confirmed yet, the call has closed, or the
   * application was decided or withdrawn meanwhile.
   */
  apply: (callId: string, input: ApplicationInput) => post<MyApplication>(path('calls', callId, 'application'), input),
  withdraw: (callId: string) => post<MyApplication>(path('calls', callId, 'application', 'withdraw')),
  /** One's applications, newest first; rejects with `UNAUTHENTICATED` when signed out. */
  myApplications: (signal?: AbortSignal) => get<MyApplication[]>(path('applications'), signal),

  /** An accepted partner's session; `NOT_FOUND` when it is not theirs. */
  mySession: (sessionId: string, signal?: AbortSignal) => get<ConsoleSession>(path('my-sessions', sessionId), signal),
  /** Completes the draft; `CONFLICT` once the organisers have published it. */
  saveMySession: (sessionId: string, input: PartnerSessionInput) => post<ConsoleSession>(path('my-sessions', sessionId), input),
};
