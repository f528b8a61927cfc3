/** The HTTP API next to the real-time contract: identity tokens and the room list. */
import { z } from 'zod';
import type { Identity } from './events.js';

/** Display names: trimmed, 1–60 characters, no control characters. */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a name')
  .max(60, 'at most 60 characters')
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

export const createIdentityRequestSchema = z.strictObject({ displayName: displayNameSchema });
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
