/**
 * Invitation links as moderators manage them: listed with their use,
 * revoked, limited in lifetime. (No zod here: the client imports values
 * from this file.)
 */
import type { Role } from './events.js';

/** Active until it expires or a moderator revokes it. */
export const INVITATION_STATUSES = ['active', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** One invitation link, as the room's moderators see it (never its token: the link was shown once, to its maker). */
export interface InvitationInfo {
  invitationId: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  /** Who minted it: a moderator's display name, or the operators' command (`npm run invite`). */
  createdBy: string;
  /** How many identities were issued from it. */
  uses: number;
  status: InvitationStatus;
}

/** How long links may last on this server (its configuration). */
export interface InvitationLimits {
  /** No link lasts longer; a request for more is refused. */
  maxHours: number;
  /** The lifetime a link of each role gets unless another is asked for (short for moderators). */
  defaultHours: Record<Role, number>;
}

/** The answer to `invitation:list`: the room's links, newest first, and the server's limits. */
export interface InvitationList {
  invitations: InvitationInfo[];
  limits: InvitationLimits;
}

/** What `invitation:create` answers: the link (shown once) and its entry in the list. */
export interface InvitationCreated {
  url: string;
  expiresAt: string;
  invitation: InvitationInfo;
}

/** The lifetimes (hours) the invite dialog offers; those beyond the server's limit are left out. */
export const LIFETIME_CHOICES = [1, 8, 24, 72, 168, 720] as const;

/** The longest lifetime any server accepts (the configured limit may be lower). */
export const MAX_LIFETIME_HOURS = 24 * 90;
