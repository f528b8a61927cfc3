import type { Role } from '../../../../shared/events.js';
import { LIFETIME_CHOICES, type InvitationInfo, type InvitationLimits } from '../../../../shared/invitations.js';
import { formatDateTime } from '../conversation/formatTime.js';

/** What each role's link is called in the dialog. */
export const ROLE_LABELS: Record<Role, string> = {
  speaker: 'Speaker (on stage)',
  moderator: 'Moderator',
  participant: 'Participant (audience)',
};

const ROLE_NAMES: Record<Role, string> = { speaker: 'Speaker', moderator: 'Moderator', participant: 'Participant' };

/**
 * The lifetimes to offer for a role: the usual choices within the server's
 * limit, the limit itself, and the role's default (which the server may set
 * to anything within the limit). Nothing longer than the limit.
 */
export function lifetimeChoices(limits: InvitationLimits, role: Role): number[] {
  const offered = new Set<number>([...LIFETIME_CHOICES, limits.maxHours, limits.defaultHours[role]]);
  return [...offered].filter((hours) => hours <= limits.maxHours).sort((a, b) => a - b);
}

/** "1 hour", "3 days", "1 week", in the person's own language (Intl chooses the plural). */
export function describeLifetime(hours: number, locale?: string): string {
  const [value, unit] = hours % 168 === 0 ? [hours / 168, 'week'] : hours % 24 === 0 ? [hours / 24, 'day'] : [hours, 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

const usePlurals = new Intl.PluralRules('en');

function describeUses(uses: number): string {
  if (uses === 0) return 'not used yet';
  return usePlurals.select(uses) === 'one' ? `used ${uses} time` : `used ${uses} times`;
}

function describeState(invitation: InvitationInfo): string {
  switch (invitation.status) {
    case 'active':
      return `Works until ${formatDateTime(invitation.expiresAt)}`;
    case 'expired':
      return 'Expired';
    case 'revoked':
      return 'Revoked';
  }
}

/** One line about a link: its role and state, who made it and how often it was used. */
export function describeInvitation(invitation: InvitationInfo): { title: string; details: string } {
  return {
    title: `${ROLE_NAMES[invitation.role]} link`,
    details: `${describeState(invitation)} · by ${invitation.createdBy} · ${describeUses(invitation.uses)}`,
  };
}

/** The Revoke button's name for screen readers: which link it revokes. */
export function revokeLabel(invitation: InvitationInfo): string {
  return `Revoke the ${ROLE_NAMES[invitation.role].toLowerCase()} link made by ${invitation.createdBy} on ${formatDateTime(invitation.createdAt)}`;
}
