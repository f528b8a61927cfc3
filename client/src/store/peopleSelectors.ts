/**
 * How the people of a room are grouped for display: pure functions over the
 * store's data, memoised by the components that call them.
 */
import type { MediaSource, PeerInfo, ProducerInfo } from '../../../shared/events.js';
import { isVisibleTo, seesWholeAudience } from '../../../shared/roster.js';
import type { AppState } from './appStore.js';
import type { PeerState } from './peersSlice.js';
import type { SelfState } from './selfSlice.js';

/** One person as listed: a remote peer, or oneself (without tracks in the store). */
export type Person = (PeerState | (SelfState & { producers: ProducerInfo[] })) & { isSelf: boolean };

export interface PeopleGroups {
  /** On stage, in arrival order (oneself first). */
  stage: Person[];
  /** Audience with a hand up, the earliest first: the order a moderator calls on them. */
  raisedHands: Person[];
  /** Audience with the hand down. */
  audience: Person[];
}

/** Everyone in the room, each in exactly one group. */
export function groupPeople(self: SelfState | null, peers: readonly PeerState[]): PeopleGroups {
  const everyone: Person[] = [
    ...(self ? [{ ...self, producers: [], isSelf: true }] : []),
    ...peers.map((peer) => ({ ...peer, isSelf: false })),
  ];
  const raisedHands = everyone
    .filter((person) => person.seat === 'audience' && person.handRaisedAt !== null)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0));
  return {
    stage: everyone.filter((person) => person.seat === 'stage'),
    raisedHands,
    audience: everyone.filter((person) => person.seat === 'audience' && person.handRaisedAt === null),
  };
}

/** What decides who this browser may see (shared/roster.ts). */
type RosterView = Pick<AppState, 'self' | 'roomControls' | 'buzzGroupIndex'>;

/** Whether this browser's person sees every audience member: moderators; everyone in a room open about it or in a buzz group. */
export function seesAudience(state: RosterView): boolean {
  return state.self !== null && seesWholeAudience(state.self, state.roomControls.isRosterVisible || state.buzzGroupIndex !== null);
}

/** Whether this browser may keep and show a person (the server tells no more; this keeps what it told up to date). */
export function mayShow(state: RosterView, peer: Pick<PeerInfo, 'seat' | 'role'>): boolean {
  if (!state.self) return true;
  return isVisibleTo(peer, state.self, state.roomControls.isRosterVisible || state.buzzGroupIndex !== null);
}

/**
 * People a moderator can put in a buzz group: everyone but the moderators,
 * counted even while the audience's names are not all loaded (moderators
 * are always known, wherever they sit).
 */
export function countPlaceable(state: Pick<AppState, 'self' | 'peers' | 'audienceCount'>): number {
  const everyone = [...(state.self ? [state.self] : []), ...state.peers];
  const onStage = everyone.filter((person) => person.seat === 'stage' && person.role !== 'moderator').length;
  const moderatorsInAudience = everyone.filter((person) => person.seat === 'audience' && person.role === 'moderator').length;
  return onStage + state.audienceCount - moderatorsInAudience;
}

/** Remote peers on stage (their tiles), in arrival order. */
export function stagePeers(peers: readonly PeerState[]): PeerState[] {
  return peers.filter((peer) => peer.seat === 'stage');
}

/** The first screen share on stage: it takes the main area. */
export function findScreenShare(peers: readonly PeerState[]): { peer: PeerState; producer: ProducerInfo } | null {
  for (const peer of peers) {
    const producer = peer.producers.find((p) => p.source === 'screen');
    if (producer) return { peer, producer };
  }
  return null;
}

/** A microphone's state as a tile shows it: sending, muted (by its owner or a moderator), or not there at all. */
export type MicState = 'on' | 'muted' | 'none';

export function micStateOf(producers: readonly ProducerInfo[]): MicState {
  const microphone = producers.find((p) => p.source === 'microphone');
  if (!microphone) return 'none';
  return microphone.pausedBy === null ? 'on' : 'muted';
}

/** Whether a person sends a source (a camera, a screen…). */
export function sends(producers: readonly ProducerInfo[], source: MediaSource): boolean {
  return producers.some((p) => p.source === source);
}
