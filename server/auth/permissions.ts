import type { ClientEventName, Role, Seat } from '../../shared/events.js';
import { seesWholeAudience } from '../../shared/roster.js';

/** Who is acting, as far as permissions go: their role in the room and where they sit. */
export interface Actor {
  role: Role;
  seat: Seat | null;
  /** The actor's room shows its whole audience to everyone (shared/roster.ts); unset outside a room. */
  isRosterOpen?: boolean;
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
  /**
   * Chat, ask, vote, react: anyone in the room. Domain rules (audience chat
   * off, a muted person, one's own message) live in conversation/chatPolicy.
   */
  'take-part': (actor: Actor) => actor.seat !== null,
  /** See who is in the audience, a page at a time: moderators, and everyone in a room open about it. */
  'roster:read': (actor: Actor) => actor.seat !== null && seesWholeAudience(actor, actor.isRosterOpen ?? false),
  /** Invite, send back, mute, stop, remove, re-admit, mint invitations, run the conversation. */
  moderate: (actor: Actor) => actor.role === 'moderator' && actor.seat !== null,
} as const satisfies Record<string, (actor: Actor) => boolean>;

export type Permission = keyof typeof RULES;

/**
 * What each client→server event needs: the whole permission matrix in one
 * table, which the registrar applies to every event (a new event without an
 * entry does not compile).
 */
export const EVENT_PERMISSIONS: Record<ClientEventName, Permission> = {
  'room:join': 'room:join',
  'room:leave': 'room:leave',
  'transport:create': 'media:receive',
  'transport:connect': 'media:receive',
  'transport:restart-ice': 'media:receive',
  'media:produce': 'media:send',
  'media:close-producer': 'media:send',
  'media:pause-producer': 'media:send',
  'media:resume-producer': 'media:send',
  'media:consume': 'media:receive',
  'media:resume-consumer': 'media:receive',
  'media:pause-consumer': 'media:receive',
  'media:set-consumer-layers': 'media:receive',
  'peers:list': 'roster:read',
  'hand:raise': 'hand:raise',
  'hand:lower': 'self:respond',
  'stage:respond': 'self:respond',
  'stage:leave': 'stage:leave',
  'stage:invite': 'moderate',
  'stage:send-to-audience': 'moderate',
  'stage:resync': 'take-part',
  'moderation:lower-hand': 'moderate',
  'moderation:stop-media': 'moderate',
  'moderation:remove': 'moderate',
  'moderation:readmit': 'moderate',
  'invitation:create': 'moderate',
  'invitation:list': 'moderate',
  'invitation:revoke': 'moderate',
  'chat:send': 'take-part',
  'room:catch-up': 'take-part',
  'chat:history': 'take-part',
  'chat:edit': 'take-part',
  'chat:delete': 'take-part',
  'chat:mute-person': 'moderate',
  'question:ask': 'take-part',
  'question:upvote': 'take-part',
  'question:withdraw': 'take-part',
  'question:moderate': 'moderate',
  'poll:create': 'moderate',
  'poll:open': 'moderate',
  'poll:close': 'moderate',
  'poll:share-results': 'moderate',
  'poll:vote': 'take-part',
  'reaction:send': 'take-part',
  'room:set-controls': 'moderate',
  'lobby:admit': 'moderate',
  'lobby:refuse': 'moderate',
  'audit:list': 'moderate',
  'buzz:draft': 'moderate',
  'buzz:update-draft': 'moderate',
  'buzz:start': 'moderate',
  'buzz:extend': 'moderate',
  'buzz:end': 'moderate',
  'buzz:cancel': 'moderate',
  'buzz:broadcast': 'moderate',
  'buzz:speak-to-all': 'moderate',
  'buzz:move': 'moderate',
  'buzz:choose': 'take-part',
  'buzz:resync': 'take-part',
  'buzz:call-help': 'take-part',
  'buzz:clear-help': 'moderate',
  'notes:update': 'take-part',
  'recording:start': 'moderate',
  'recording:stop': 'moderate',
  'recording:opt-out': 'take-part',
  'recording:mark-chapter': 'moderate',
};

export const PERMISSIONS = Object.keys(RULES) as Permission[];

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return RULES[permission](actor);
}
