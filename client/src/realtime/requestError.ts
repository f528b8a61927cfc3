import type { Ack } from '../../../shared/ack.js';
import { isErrorCode, type ErrorCode, type UnavailableReason } from '../../../shared/errors.js';
import type { ConnectRejection } from '../../../shared/events.js';

/**
 * Codes a request can fail with: the server's closed list, plus two the
 * client itself decides (no answer in time, or no connection to ask on).
 */
export type RequestErrorCode = ErrorCode | 'TIMEOUT' | 'DISCONNECTED';

/** A failed request or HTTP call, carrying a code the UI can branch on. */
export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
    /** With ELSEWHERE: the server process to ask instead. */
    readonly location?: string,
    /** With UNAVAILABLE: what is not answering (`storage`: the server's database), when the server said. */
    readonly reason?: UnavailableReason,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Returns an ack's data, or throws its error as a {@link RequestError}. */
export function unwrapAck<T>(ack: Ack<T>): T {
  if (ack.ok) return ack.data;
  throw new RequestError(ack.error.code, ack.error.message, ack.error.location, ack.error.reason);
}

/** The server is up but its storage (database) is not answering: it says so, and it passes. */
export function isStorageUnavailable(error: unknown): boolean {
  return error instanceof RequestError && error.code === 'UNAVAILABLE' && error.reason === 'storage';
}

/**
 * Reads the typed rejection a server attaches to a refused handshake
 * (`connect_error` with `data`). Returns null for transport failures, which
 * socket.io retries on its own.
 */
export function readConnectRejection(error: unknown): ConnectRejection | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null) return null;
  if (!('code' in data) || !isErrorCode(data.code)) return null;
  if (data.code !== 'PROTOCOL_MISMATCH' && data.code !== 'UNAUTHENTICATED' && data.code !== 'INVALID_PAYLOAD') {
    return null;
  }
  const message = 'message' in data && typeof data.message === 'string' ? data.message : '';
  const serverProtocolVersion =
    'serverProtocolVersion' in data && typeof data.serverProtocolVersion === 'number' ? data.serverProtocolVersion : -1;
  return { code: data.code, message, serverProtocolVersion };
}

const messages: Record<RequestErrorCode, string> = {
  INVALID_PAYLOAD: 'The app sent something the server did not understand. Please reload the page.',
  UNAUTHENTICATED: 'Your session expired. Please join again.',
  FORBIDDEN: 'You are not allowed to do that here.',
  NOT_FOUND: 'This room does not exist (or no longer exists).',
  CONFLICT: 'That is not possible right now. Please try again.',
  ROOM_LOCKED: 'This session is locked; no new participants can join.',
  IN_LOBBY: 'You are waiting in the lobby until a moderator lets you in.',
  INVITATION_REVOKED: 'A moderator revoked this invitation link. Ask the person who sent it for a new one.',
  INVITATION_EXPIRED: 'This invitation link has expired. Ask the person who sent it for a new one.',
  NAME_TAKEN: 'A moderator or speaker in this session already has this name (or one that looks the same). Please choose another name.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  UNAVAILABLE: 'The service is busy or restarting. Please try again in a moment.',
  ELSEWHERE: 'Moving you to the server that hosts this room…',
  PROTOCOL_MISMATCH: 'The platform was updated. Please reload the page.',
  ACCOUNT_REQUIRED: 'This session is for people with an account. Please sign in, then join again.',
  STALE_PAGE: 'This page is out of date. Please reload it and try again.',
  TOO_LARGE: 'That is too large to send. Please choose a smaller file.',
  INTERNAL: 'Something went wrong on the server. Please try again.',
  TIMEOUT: 'The server did not answer in time. Your connection may be slow; please try again.',
  DISCONNECTED: 'You are offline. Waiting for the connection to come back…',
};

const STORAGE_UNAVAILABLE = "The server's storage is not answering. Please try again in a moment.";

/** While the same request goes again by itself. */
const retrying = {
  storage: "Reconnecting to the server's storage…",
  TIMEOUT: 'The server is slow to answer. Trying again…',
};

/**
 * The sentence to show a person for a failure. Server messages are meant for
 * developers and may not be translated, so the UI speaks from the code.
 */
export function describeError(error: unknown): string {
  if (isStorageUnavailable(error)) return STORAGE_UNAVAILABLE;
  if (error instanceof RequestError) return messages[error.code];
  if (typeof error === 'object' && error !== null && 'name' in error) {
    if (error.name === 'NotAllowedError') return 'Camera or microphone access was blocked. You can still join and listen.';
    if (error.name === 'NotFoundError') return 'No camera or microphone was found.';
    if (error.name === 'UnsupportedError') return 'This browser cannot send or receive live media. Please try a recent Chrome, Firefox or Safari.';
  }
  return 'Something went wrong. Please try again.';
}

/**
 * The sentence for a failed action a person took in the room (send a
 * message, vote, raise a hand): as {@link describeError}, but a rate limit
 * there means they are going too fast, not that joining is retried.
 */
export function describeActionError(error: unknown): string {
  if (error instanceof RequestError && error.code === 'RATE_LIMITED') return 'You are sending too fast; wait a moment and try again.';
  return describeError(error);
}

/**
 * The sentence to show while a failed request is sent again by itself
 * (joining, a message): what is wrong and that it is being handled, rather
 * than {@link describeError}'s "please try again".
 */
export function describeRetrying(error: unknown): string {
  if (isStorageUnavailable(error)) return retrying.storage;
  if (error instanceof RequestError && error.code === 'TIMEOUT') return retrying.TIMEOUT;
  return describeError(error);
}
