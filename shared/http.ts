/** The HTTP API next to the real-time contract: identity tokens and the room list. */
import { z } from 'zod';
import { cleanDisplayName, DISPLAY_NAME_MAX_INPUT_LENGTH, DISPLAY_NAME_MAX_LENGTH } from './displayName.js';
import { ROLES, type Identity, type Role } from './events.js';
import { roomIdSchema } from './ids.js';
import { MAX_LIFETIME_HOURS } from './invitations.js';

/**
 * Display names, as stored and shown: cleaned of invisible and formatting
 * characters with whitespace collapsed (see displayName.ts), then 1–60
 * characters. A name with nothing visible left is refused.
 */
export const displayNameSchema = z
  .string()
  // The raw guard's bound is not the name's: its message says the name's limit (what the person can act on).
  .max(DISPLAY_NAME_MAX_INPUT_LENGTH, 'invalid.nameTooLong')
  .transform(cleanDisplayName)
  .pipe(
    z
      .string()
      .min(1, 'invalid.nameEmpty')
      .max(DISPLAY_NAME_MAX_LENGTH, 'invalid.nameTooLong'),
  );

/** An invitation link's token (a signed JWT); bounded so nobody posts megabytes. */
export const invitationTokenSchema = z.string().min(1).max(2048);

/**
 * A name, and optionally the invitation the person arrived with: the
 * identity then carries the invitation's role for its room.
 */
export const createIdentityRequestSchema = z.strictObject({
  displayName: displayNameSchema,
  invitation: invitationTokenSchema.optional(),
});
export type CreateIdentityRequest = z.infer<typeof createIdentityRequestSchema>;

export interface CreateIdentityResponse {
  token: string;
  identity: Identity;
}

/** A room as listed to people: plain data, no database types. */
export interface RoomSummary {
  /** URL-safe id, used in links (`/r/<id>`). */
  id: string;
  title: string;
  description: string;
}

/** A room as its page asks before anyone fills in the form (`GET /api/rooms/:roomId`): nothing private. */
export interface RoomInfo {
  id: string;
  title: string;
  /** Nobody new may join (people who were in it get back in). */
  isLocked: boolean;
}

/**
 * An operator's command asks the running server for a link
 * (`POST /api/invitations`, with a short-lived token signed by the server's
 * secret). Without a lifetime, the role's default.
 */
export const createInvitationRequestSchema = z.strictObject({
  roomId: roomIdSchema,
  role: z.enum(ROLES),
  expiresInHours: z.number().int().min(1).max(MAX_LIFETIME_HOURS).optional(),
});
export type CreateInvitationRequest = z.infer<typeof createInvitationRequestSchema>;

/** What an invitation link grants (`GET /api/invitations/:token`), shown before joining. */
export interface InvitationSummary {
  roomId: string;
  roomTitle: string;
  role: Role;
  expiresAt: string;
}
