/** The HTTP API next to the real-time contract: identity tokens and the room list. */
import { z } from 'zod';
import type { Identity, Role } from './events.js';

/** Display names: trimmed, 1–60 characters, no control characters. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a name')
  .max(60, 'at most 60 characters')
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

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

/** What an invitation link grants (`GET /api/invitations/:token`), shown before joining. */
export interface InvitationSummary {
  roomId: string;
  roomTitle: string;
  role: Role;
  expiresAt: string;
}
