/** Calls to the HTTP API (`shared/http.ts`): the room list, invitations and identity tokens. */
import { isErrorCode } from '../../../shared/errors.js';
import type { CreateIdentityResponse, InvitationSummary, RoomSummary } from '../../../shared/http.js';
import { RequestError } from '../realtime/requestError.js';

const TIMEOUT_MS = 15_000;

/** The rooms a person can enter, as listed on the landing page. */
export function fetchRooms(signal?: AbortSignal): Promise<RoomSummary[]> {
  return callJson<RoomSummary[]>('/api/rooms', { method: 'GET', signal });
}

/** What an invitation link grants; rejects with `UNAUTHENTICATED` when it is invalid or expired. */
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

async function callJson<T>(url: string, init: RequestInit & { signal?: AbortSignal | undefined }): Promise<T> {
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
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'UNAVAILABLE';
  return 'INTERNAL';
}
