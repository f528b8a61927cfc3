/**
 * Who sees whom in a room. A webinar's audience may include people whose
 * safety depends on not being seen there, so by default its members see the
 * stage, the moderators and how many are in the audience, never who. The
 * server routes what it says about people by these rules; the client keeps
 * only what they let it show.
 */
import type { PeerInfo, Role } from './events.js';

/** Whether everyone in the room sees this person: whoever is on stage, and the moderators. */
export function isAlwaysListed(peer: Pick<PeerInfo, 'seat' | 'role'>): boolean {
  return peer.seat === 'stage' || peer.role === 'moderator';
}

/**
 * Whether someone sees every member of the audience: moderators always,
 * everyone else when the room is open about who is here (its moderators
 * chose "everyone can see who is here", or it is a buzz group, where
 * everyone talks on camera anyway).
 */
export function seesWholeAudience(viewer: { role: Role }, isRosterOpen: boolean): boolean {
  return viewer.role === 'moderator' || isRosterOpen;
}

/** Whether `viewer` may see `peer` (name, ids, seat, hand). */
export function isVisibleTo(peer: Pick<PeerInfo, 'seat' | 'role'>, viewer: { role: Role }, isRosterOpen: boolean): boolean {
  return isAlwaysListed(peer) || seesWholeAudience(viewer, isRosterOpen);
}

/**
 * Whether `viewer` gets the user id of someone whose words they read (a
 * chat message, a question): the moderators and the author themself. The
 * rest of the room reads the author's name only, as the author chose it.
 */
export function seesAuthorId(viewer: { userId: string; role: Role }, authorId: string): boolean {
  return viewer.role === 'moderator' || viewer.userId === authorId;
}
