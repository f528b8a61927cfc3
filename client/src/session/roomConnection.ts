/**
 * Where a RoomSession stands with its room, as one value: a union of named
 * states, each holding only what it needs (the connection, the stay's
 * followers, the media, the retry's timer). RoomSession replaces it in one
 * place, which releases whatever the next state does not keep
 * ({@link releasedBy}). Only types and pure functions here.
 */
import type { Role } from '../../../shared/events.js';
import type { RoomId } from '../../../shared/ids.js';
import type { MediaClient } from '../media/MediaClient.js';
import type { AppSocket } from '../realtime/socket.js';
import type { BuzzResync } from './BuzzResync.js';
import type { ConversationCatchUp } from './ConversationCatchUp.js';
import type { StageResync } from './StageResync.js';

/** Where the person means to be, from join() until leaving or failing; a reconnection goes back there. */
export interface Visit {
  /** The session's room: the page's. */
  readonly sessionRoomId: RoomId;
  /**
   * The room to be in: the session's, or during buzz groups a group's. The
   * server refuses a group that has ended, and we return to the session.
   */
  readonly roomId: RoomId;
  /** A moderator visiting a group only to listen (not on its stage). */
  readonly isListeningOnly: boolean;
  /** Attempts that failed in a row: the next retry waits longer. */
  readonly failures: number;
}

/** One connection to a server process, with the session's handlers on its server events. */
export interface Link {
  readonly socket: AppSocket;
  /** The process: null for the page's own; with several processes, a buzz group's (its media lives on one of them). */
  readonly serverUrl: string | null;
  /** Stops the server events reaching the store and the session. */
  readonly unbind: () => void;
}

/** One go at a room, from asking to join it: async work of a go that is no longer the state's stops. */
export interface Attempt {
  readonly roomId: RoomId;
}

/** What a stay follows and asks again when a broadcast was lost; made before its join, so what is told meanwhile is noted. */
export interface Followers {
  readonly catchUp: ConversationCatchUp;
  readonly buzzResync: BuzzResync;
  readonly stageResync: StageResync;
}

/** One go at a room, with its followers. */
export interface Stay {
  readonly attempt: Attempt;
  readonly followers: Followers;
}

/**
 * Where the conversation stood when a stay was cut short (the connection
 * lost, the room closed under us). Rejoining that room with the same role
 * keeps what we hold and catches up from `head`; anything else starts
 * afresh from the join's snapshot.
 */
export interface InterruptedStay {
  readonly roomId: RoomId;
  readonly role: Role;
  readonly head: number;
}

export type RoomConnection =
  /** In no room: before the first join, after leaving. */
  | { readonly name: 'outside' }
  /** join() is getting the identity to connect with. */
  | { readonly name: 'identifying'; readonly visit: Visit }
  /**
   * In no room; the connection's next `connect` asks to join: the socket is
   * opening, reconnecting after a loss, or about to be dropped by a server
   * that is restarting. `unreachable`: attempts to reach its process that
   * failed in a row.
   */
  | {
      readonly name: 'connecting';
      readonly visit: Visit;
      readonly link: Link;
      readonly interrupted: InterruptedStay | null;
      /** Held in the lobby when the connection was lost: the next join queues us again. */
      readonly isQueued: boolean;
      readonly unreachable: number;
    }
  /** Leaving the room the server counts us in before joining another, or the same again: one room per connection. */
  | { readonly name: 'moving'; readonly visit: Visit; readonly link: Link; readonly attempt: Attempt; readonly interrupted: InterruptedStay | null }
  /** `room:join` asked. */
  | {
      readonly name: 'joining';
      readonly visit: Visit;
      readonly link: Link;
      readonly stay: Stay;
      readonly interrupted: InterruptedStay | null;
      readonly isQueued: boolean;
    }
  /** The server counts us in the room; `media` is null until set up, and once its receiving transport is open we are joined. */
  | { readonly name: 'in-room'; readonly visit: Visit; readonly link: Link; readonly stay: Stay; readonly media: MediaClient | null }
  /** The server holds us in the room's lobby, for as long as this connection lasts, until a moderator lets us in or turns us away. */
  | { readonly name: 'in-lobby'; readonly visit: Visit; readonly link: Link; readonly interrupted: InterruptedStay | null }
  /**
   * An attempt failed; the next starts when `timer` fires. `stillIn`: the
   * stay of an attempt that got in before failing (the server counts us
   * there, so the retry leaves first; its followers go on meanwhile).
   */
  | {
      readonly name: 'retrying';
      readonly visit: Visit;
      readonly link: Link;
      readonly timer: ReturnType<typeof setTimeout>;
      readonly interrupted: InterruptedStay | null;
      readonly stillIn: Stay | null;
    }
  /** Left: `room:leave` is on its way on the last connection, closed once answered (the server frees our seat at once). */
  | { readonly name: 'leaving'; readonly socket: AppSocket }
  /**
   * Stopped by what the person is told. `link`: a connection kept a while
   * (for `room:leave`, or the room closed under us); joining again opens a
   * new one.
   */
  | { readonly name: 'failed'; readonly link: Link | null };

export type StateName = RoomConnection['name'];
export type StateNamed<N extends StateName> = Extract<RoomConnection, { name: N }>;

/** A state on the way to a room or in one: it has a visit and a connection. */
export type Underway = StateNamed<'connecting' | 'moving' | 'joining' | 'in-room' | 'in-lobby' | 'retrying'>;

export function isUnderway(state: RoomConnection): state is Underway {
  return 'visit' in state && 'link' in state;
}

/** A state with a visit (underway, or still identifying). */
export type Visiting = Underway | StateNamed<'identifying'>;

export function isVisiting(state: RoomConnection): state is Visiting {
  return 'visit' in state;
}

/** The same state with the visit changed (where we mean to be, how, the failures counted). */
export function withVisit<S extends Visiting>(state: S, visit: Visit): S {
  return { ...state, visit };
}

/** A new visit to a session's room. */
export function startVisit(sessionRoomId: RoomId): Visit {
  return { sessionRoomId, roomId: sessionRoomId, isListeningOnly: false, failures: 0 };
}

/** Held in the lobby: a moderator's answer concerns us, and moving elsewhere waits for it. */
export function isQueued(state: RoomConnection): boolean {
  if (state.name === 'in-lobby') return true;
  return (state.name === 'connecting' || state.name === 'joining') && state.isQueued;
}

/** Whether a move to another room joins it now; otherwise the visit only notes where to go (the lobby's answer, or the first connection, comes first). */
export function canMoveNow(state: RoomConnection): boolean {
  return isUnderway(state) && !isQueued(state);
}

export function linkOf(state: RoomConnection): Link | null {
  return 'link' in state ? state.link : null;
}

/** A state of one go at a room, whose async work goes on while the state is still that go's. */
export type Going = StateNamed<'moving' | 'joining' | 'in-room'>;

/** The state, if it is still go `attempt`'s; null once another go, a loss or leaving replaced it. */
export function goOf(state: RoomConnection, attempt: Attempt): Going | null {
  if (state.name === 'moving') return state.attempt === attempt ? state : null;
  if (state.name === 'joining' || state.name === 'in-room') return state.stay.attempt === attempt ? state : null;
  return null;
}

/** The stay the server counts us in: leaving or moving must say `room:leave` first. */
export function countedStay(state: RoomConnection): Stay | null {
  if (state.name === 'in-room') return state.stay;
  return state.name === 'retrying' ? state.stillIn : null;
}

export function followersOf(state: RoomConnection): Followers | null {
  if (state.name === 'joining') return state.stay.followers;
  return countedStay(state)?.followers ?? null;
}

export function mediaOf(state: RoomConnection): MediaClient | null {
  return state.name === 'in-room' ? state.media : null;
}

/**
 * Where the conversation stood if the state's stay were cut short now: the
 * counted stay's, once its conversation is followed (`role`: ours in it);
 * else what an earlier interruption left, until a join takes it.
 */
export function interruptedBy(state: RoomConnection, role: Role | undefined): InterruptedStay | null {
  const stay = countedStay(state);
  const head = stay?.followers.catchUp.head ?? null;
  if (stay && head !== null && role) return { roomId: stay.attempt.roomId, role, head };
  return 'interrupted' in state ? state.interrupted : null;
}

/** What a state owns that has to be stopped, closed or cleared when no state holds it any more. */
export interface Held {
  link: Link | null;
  socket: AppSocket | null;
  followers: Followers | null;
  media: MediaClient | null;
  timer: ReturnType<typeof setTimeout> | null;
}

function heldBy(state: RoomConnection): Held {
  const link = linkOf(state);
  return {
    link,
    socket: state.name === 'leaving' ? state.socket : (link?.socket ?? null),
    followers: followersOf(state),
    media: mediaOf(state),
    timer: state.name === 'retrying' ? state.timer : null,
  };
}

/** What `previous` holds that `next` does not keep: a transition releases it. */
export function releasedBy(previous: RoomConnection, next: RoomConnection): Held {
  const held = heldBy(previous);
  const kept = heldBy(next);
  const unless = <T>(value: T | null, keptValue: T | null) => (value !== keptValue ? value : null);
  return {
    link: unless(held.link, kept.link),
    socket: unless(held.socket, kept.socket),
    followers: unless(held.followers, kept.followers),
    media: unless(held.media, kept.media),
    timer: unless(held.timer, kept.timer),
  };
}
