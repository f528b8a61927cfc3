import type { Role, Seat } from '../../shared/events.js';

/** Who is acting, as far as permissions go: their role in the room and where they sit. */
export interface Actor {
  role: Role;
  seat: Seat | null;
}

/**
 * What each kind of action needs. Roles come from the verified token (an
 * invitation's role holds in its own room only); the seat from the room's
 * stage. Domain rules beyond these (the stage is full, there is no pending
 * invitation, moderators cannot act on moderators) live with the domain.
 */
const RULES = {
  'room:join': () => true,
  'room:leave': () => true,
  /** Open transports, receive and shape what one receives. */
  'media:receive': () => true,
  /** Send media: only from the stage. */
  'media:send': (actor: Actor) => actor.seat === 'stage',
  /** Raise a hand: the audience. */
  'hand:raise': (actor: Actor) => actor.seat === 'audience',
  /** Lower one's own hand, answer an invitation to the stage. */
  'self:respond': (actor: Actor) => actor.seat !== null,
  /** Step down from the stage. */
  'stage:leave': (actor: Actor) => actor.seat === 'stage',
  /** Invite, send back, mute, stop, remove, re-admit, mint invitations. */
  moderate: (actor: Actor) => actor.role === 'moderator',
} as const satisfies Record<string, (actor: Actor) => boolean>;

export type Permission = keyof typeof RULES;

export const PERMISSIONS = Object.keys(RULES) as Permission[];

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return RULES[permission](actor);
}
