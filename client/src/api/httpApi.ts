/**
 * Calls to the HTTP API (`shared/http.ts`, `shared/recordings.ts`): the room
 * list, the programme, invitations, identity tokens and the catch-up library.
 */
import { isErrorCode } from '../../../shared/errors.js';
import type { CreateIdentityResponse, InvitationSummary, RoomInfo, RoomSummary } from '../../../shared/http.js';
import type {
  RecordingAccess,
  RecordingDetail,
  RecordingListResponse,
  RecordingSummary,
  UpdateRecordingRequest,
} from '../../../shared/recordings.js';
import type { RoomId } from '../../../shared/ids.js';
import type { AccountView, CsrfTokenResponse, SignInRequest, SignUpRequest } from '../../../shared/accounts.js';
import type { EventProgramme, EventSummary, PersonPage, SessionPage } from '../../../shared/programme.js';
import { RequestError } from '../realtime/requestError.js';

const TIMEOUT_MS = 15_000;

/** The rooms a person can enter, as listed on the landing page. */
export function fetchRooms(signal?: AbortSignal): Promise<RoomSummary[]> {
  return callJson<RoomSummary[]>('/api/rooms', { method: 'GET', signal });
}

/** A room's title and whether it is locked; rejects with `NOT_FOUND` when no room has this id. */
export function fetchRoom(roomId: string, signal?: AbortSignal): Promise<RoomInfo> {
  return callJson<RoomInfo>(`/api/rooms/${encodeURIComponent(roomId)}`, { method: 'GET', signal });
}

/**
 * What an invitation link grants; rejects with `INVITATION_REVOKED`,
 * `INVITATION_EXPIRED`, or `UNAUTHENTICATED` for a link that is not valid.
 */
export function fetchInvitation(token: string, signal?: AbortSignal): Promise<InvitationSummary> {
  return callJson<InvitationSummary>(`/api/invitations/${encodeURIComponent(token)}`, { method: 'GET', signal });
}

/**
 * Creates an identity for a display name (with the role of an invitation,
 * if given); its token goes in the socket handshake.
 */
export function createIdentity(displayName: string, invitation: string | null = null): Promise<CreateIdentityResponse> {
  return callJson<CreateIdentityResponse>('/api/identity', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invitation ? { displayName, invitation } : { displayName }),
  });
}

/** An identity for the signed-in account, for one session room (null: the library); its role there comes from the event's grants. */
export async function createAccountIdentity(roomId: RoomId | null): Promise<CreateIdentityResponse> {
  return (await withCsrf('/api/account/identity', roomId === null ? {} : { roomId })) as CreateIdentityResponse;
}

/** The published events (the landing page shows the latest's programme). */
export function fetchEvents(signal?: AbortSignal): Promise<EventSummary[]> {
  return callJson<EventSummary[]>('/api/events', { method: 'GET', signal });
}

/** The programme's filters as `GET /api/events/:slug` takes them (empty values are left out). */
export interface ProgrammeQuery {
  topic?: string;
  kind?: string;
  format?: string;
  language?: string;
  /** A day (`YYYY-MM-DD`) in `zone`. */
  day?: string;
  zone?: string;
}

/** An event, its topics and its public sessions (narrowed by `query`). */
export function fetchProgramme(slug: string, query: ProgrammeQuery, signal?: AbortSignal): Promise<EventProgramme> {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const search = params.size > 0 ? `?${params.toString()}` : '';
  return callJson<EventProgramme>(`/api/events/${encodeURIComponent(slug)}${search}`, { method: 'GET', signal });
}

/** A published session's page; rejects with `NOT_FOUND` for a draft or an unknown id. */
export function fetchSessionPage(id: string, signal?: AbortSignal): Promise<SessionPage> {
  return callJson<SessionPage>(`/api/sessions/${encodeURIComponent(id)}`, { method: 'GET', signal });
}

/** Where a session's calendar file is downloaded. */
export const sessionCalendarUrl = (id: string): string => `/api/sessions/${encodeURIComponent(id)}/calendar.ics`;

/** A speaker's page. */
export function fetchPersonPage(id: string, signal?: AbortSignal): Promise<PersonPage> {
  return callJson<PersonPage>(`/api/people/${encodeURIComponent(id)}`, { method: 'GET', signal });
}

/**
 * The account API (`/api/account/*`): the session is a cookie the browser
 * sends by itself; every state-changing call carries the CSRF token, read
 * first (and again once signed in: it is bound to the session).
 */
let csrfToken: string | null = null;

export async function withCsrf(path: string, body: unknown, { isRetry = false } = {}): Promise<unknown> {
  csrfToken ??= (await callJson<CsrfTokenResponse>('/api/account/csrf', { method: 'GET' })).csrfToken;
  // A file (an image) goes as it is; anything else as JSON.
  const isFile = body instanceof Blob;
  try {
    return await callJson<unknown>(path, {
      method: 'POST',
      headers: { 'content-type': isFile ? body.type || 'application/octet-stream' : 'application/json', 'x-csrf-token': csrfToken },
      body: isFile ? body : JSON.stringify(body),
    });
  } catch (error) {
    // Another tab signed in or out meanwhile: read the token again, and send once more.
    if (isRetry || !(error instanceof RequestError) || error.code !== 'STALE_PAGE') throw error;
    csrfToken = null;
    return withCsrf(path, body, { isRetry: true });
  }
}

export async function signUp(request: SignUpRequest): Promise<void> {
  await withCsrf('/api/account/sign-up', request);
}

export async function verifyEmail(token: string): Promise<void> {
  await withCsrf('/api/account/verify', { token });
}

export async function signIn(request: SignInRequest): Promise<AccountView> {
  const account = (await withCsrf('/api/account/sign-in', request)) as AccountView;
  // A new session: its own CSRF token.
  csrfToken = null;
  return account;
}

/** The signed-in person; rejects with `UNAUTHENTICATED` when nobody is. */
export function fetchAccount(signal?: AbortSignal): Promise<AccountView> {
  return callJson<AccountView>('/api/account/me', { method: 'GET', signal });
}

export async function requestPasswordReset(email: string): Promise<void> {
  await withCsrf('/api/account/reset-request', { email });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await withCsrf('/api/account/reset', { token, password });
  csrfToken = null;
}

export async function requestEmailChange(email: string, password: string): Promise<void> {
  await withCsrf('/api/account/email', { email, password });
}

export async function confirmEmailChange(token: string): Promise<void> {
  await withCsrf('/api/account/email/confirm', { token });
}

/** Where the signed-in person downloads their data. */
export const ACCOUNT_EXPORT_URL = '/api/account/export';

export async function deleteAccount(password: string): Promise<void> {
  await withCsrf('/api/account/delete', { password });
  csrfToken = null;
}

export async function signOut({ everywhere = false } = {}): Promise<void> {
  await withCsrf(everywhere ? '/api/account/sign-out-everywhere' : '/api/account/sign-out', {});
  csrfToken = null;
}

/** Search and filters of the library, as `GET /api/recordings` takes them (empty values are left out). */
export interface RecordingSearch {
  q?: string;
  speaker?: string;
  track?: string;
  language?: string;
  /** Calendar days, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** The recorded sessions this person may watch (organisers also see their own rooms' unfinished ones). */
export function fetchRecordings(search: RecordingSearch, token: string | null, signal?: AbortSignal): Promise<RecordingListResponse> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const query = params.toString();
  return callJson<RecordingListResponse>(`/api/recordings${query ? `?${query}` : ''}`, { method: 'GET', headers: authorization(token), signal });
}

/** One recording with its timeline and media URLs; rejects with UNAUTHENTICATED, FORBIDDEN or NOT_FOUND. */
export function fetchRecording(id: string, token: string | null, signal?: AbortSignal): Promise<RecordingDetail> {
  return callJson<RecordingDetail>(`/api/recordings/${encodeURIComponent(id)}`, { method: 'GET', headers: authorization(token), signal });
}

/** Organisers: who may watch a recording. */
export function updateRecordingAccess(id: string, access: RecordingAccess, token: string): Promise<RecordingSummary> {
  return callJson<RecordingSummary>(`/api/recordings/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...authorization(token) },
    body: JSON.stringify({ access } satisfies UpdateRecordingRequest),
  });
}

/** Organisers: attach (or replace) a WebVTT captions file. */
export function attachCaptions(id: string, vtt: string, token: string): Promise<RecordingSummary> {
  return callJson<RecordingSummary>(`/api/recordings/${encodeURIComponent(id)}/captions`, {
    method: 'PUT',
    headers: { 'content-type': 'text/vtt', ...authorization(token) },
    body: vtt,
  });
}

/** Organisers: remove the captions. */
export function removeCaptions(id: string, token: string): Promise<RecordingSummary> {
  return callJson<RecordingSummary>(`/api/recordings/${encodeURIComponent(id)}/captions`, { method: 'DELETE', headers: authorization(token) });
}

/** Organisers: try packaging again after it gave up. */
export function retryPackaging(id: string, token: string): Promise<RecordingSummary> {
  return callJson<RecordingSummary>(`/api/recordings/${encodeURIComponent(id)}/package`, { method: 'POST', headers: authorization(token) });
}

function authorization(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function callJson<T>(url: string, init: RequestInit & { signal?: AbortSignal | undefined }): Promise<T> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    if (timeout.aborted) throw new RequestError('TIMEOUT', `${url} did not answer in time`);
    throw new RequestError('DISCONNECTED', `${url} could not be reached`);
  }
  if (!response.ok) throw await readHttpError(response);
  // The server owns this shape (shared/http.ts); we trust it like an ack.
  return (await response.json()) as T;
}

/** Maps an error response to a RequestError, reading `{ error: { code, message } }` when present. */
async function readHttpError(response: Response): Promise<RequestError> {
  const body: unknown = await response.json().catch(() => null);
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error: unknown = body.error;
    if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) {
      const message = 'message' in error && typeof error.message === 'string' ? error.message : response.statusText;
      return new RequestError(error.code, message);
    }
  }
  return new RequestError(codeForStatus(response.status), `${response.status} ${response.statusText}`);
}

function codeForStatus(status: number): RequestError['code'] {
  if (status === 400 || status === 422) return 'INVALID_PAYLOAD';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  // Ours, or a proxy's in front (nginx refuses bodies over 1 MB unless told otherwise).
  if (status === 413) return 'TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'UNAVAILABLE';
  return 'INTERNAL';
}
