import type { Role } from './events.js';

/**
 * Who someone is in an event, granted by its organisers to an email
 * address: organisers run it (the console, drafts, every room as a
 * moderator), moderators moderate every one of its rooms, speakers and
 * delegates take part (a speaker is on stage only where a session names
 * them).
 */
export const EVENT_ROLES = ['organiser', 'moderator', 'speaker', 'delegate'] as const;
export type EventRole = (typeof EVENT_ROLES)[number];

/** What a session names people as, for its own room only. */
export const SESSION_ROLES = ['moderator', 'speaker'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

/** What one person holds for one session: their event role and the session's own, if any. */
export interface HeldRoles {
  event: EventRole | null;
  session: SessionRole | null;
}

/**
 * The role in a session's live room. The higher of what the event and the
 * session give: an event's organisers and moderators moderate every room;
 * a session's own moderators and speakers hold that role in its room;
 * everyone else is in the audience.
 */
export function roomRoleOf({ event, session }: HeldRoles): Role {
  if (event === 'organiser' || event === 'moderator' || session === 'moderator') return 'moderator';
  if (session === 'speaker') return 'speaker';
  return 'participant';
}

/** Drafts (an unpublished event or session) are seen and entered by the event's organisers alone. */
export function seesDrafts(event: EventRole | null): boolean {
  return event === 'organiser';
}
