import type { Role } from '../../../../shared/events.js';

/** Participants carry no badge: the audience is the default. */
const ROLE_BADGES: Partial<Record<Role, string>> = { moderator: 'Moderator', speaker: 'Speaker' };

/** "Moderator" or "Speaker" next to a name, on stage tiles and in the people panel. */
export function RoleBadge({ role }: { role: Role }) {
  const text = ROLE_BADGES[role];
  return text ? <span className="badge badge--role">{text}</span> : null;
}
