/** The closed list of error codes a client can receive in an ack or a rejection. */
export const ERROR_CODES = [
  /** The payload did not match the event's schema, or there was none. */
  'INVALID_PAYLOAD',
  /** No valid identity token. */
  'UNAUTHENTICATED',
  /** The caller's role does not allow the action. */
  'FORBIDDEN',
  /** The id names nothing the caller may reach (unknown, or someone else's). */
  'NOT_FOUND',
  /** The action does not fit the current state (e.g. media before joining). */
  'CONFLICT',
  /** The room is locked: nobody new may join until a moderator unlocks it. */
  'ROOM_LOCKED',
  /** The room has a lobby: the caller waits there until a moderator admits them. */
  'IN_LOBBY',
  /** A moderator revoked this invitation link: ask them for a new one. */
  'INVITATION_REVOKED',
  /** This invitation link has expired (or outlived the server's limit): ask for a new one. */
  'INVITATION_EXPIRED',
  /** The display name cannot be told apart from a moderator's or speaker's in the room: choose another. */
  'NAME_TAKEN',
  /** Too many requests; try again later. */
  'RATE_LIMITED',
  /** The service cannot do it right now (shutting down, media worker lost). */
  'UNAVAILABLE',
  /** What was asked for lives on another server process; `location` says which (connect there and ask again). */
  'ELSEWHERE',
  /** Client and server speak different protocol versions. */
  'PROTOCOL_MISMATCH',
  /** Joining this session needs an account: sign in (or use an invitation link a moderator sent). */
  'ACCOUNT_REQUIRED',
  /** What was sent is larger than the endpoint takes (an image over its size limit). */
  'TOO_LARGE',
  /** A form's CSRF token does not match (another tab, an old page): read a new one and send again. */
  'STALE_PAGE',
  /** Something failed on the server; details are in its logs, not here. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** With ELSEWHERE: the address of the server process to ask. */
  location?: string;
  /** With UNAVAILABLE: what is not answering, when clients should say so (see {@link UnavailableReason}). */
  reason?: UnavailableReason;
}

/** What an UNAVAILABLE is about, for the client to say: `storage`, the server's database is not answering. */
export type UnavailableReason = 'storage';

/**
 * An error meant for the client: its code and message reach the caller as-is.
 * Any other thrown error is logged and reported as `INTERNAL`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly location?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.location === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, location: this.location };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
