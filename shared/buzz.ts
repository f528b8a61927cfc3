/**
 * Buzz groups as both sides see them: plain types and limits (no zod, so
 * the client bundle can import them). The schemas are in shared/events.ts;
 * the rules in server/buzz/.
 */
import type { RoomId } from './ids.js';

/** How people are put in groups: dealt at random, by what they told us, by hand, or by themselves. */
export const BUZZ_METHODS = ['balanced', 'attribute', 'hand', 'self-select'] as const;
export type BuzzMethod = (typeof BUZZ_METHODS)[number];

/** What people may tell us when they join, for grouping by attribute. */
export const PROFILE_ATTRIBUTES = ['language', 'region'] as const;
export type ProfileAttribute = (typeof PROFILE_ATTRIBUTES)[number];
export type Profile = Partial<Record<ProfileAttribute, string>>;

/** Someone arriving while groups run: put in the smallest group, or left in the main session. */
export const LATE_ARRIVALS = ['assign', 'wait'] as const;
export type LateArrivals = (typeof LATE_ARRIVALS)[number];

export type BuzzPhase = 'draft' | 'running' | 'ending' | 'ended';

/** A round people are in their groups for: running, or ending with its countdown. */
export const isLiveRound = <R extends { phase: BuzzPhase }>(round: R | null): round is R =>
  round !== null && (round.phase === 'running' || round.phase === 'ending');

export const BUZZ_GROUP_LIMITS = {
  maxGroups: 500,
  maxNameLength: 60,
  maxPromptLength: 500,
  maxBroadcastLength: 500,
  /** One notes update (a burst of typing); the whole document is capped on the server. */
  maxNotesUpdateBytes: 8 * 1024,
  maxNotesBytes: 256 * 1024,
  /** Every group's timer turns to a warning this long before the end. */
  warningMs: 60_000,
} as const;

export interface BuzzMember {
  userId: string;
  displayName: string;
}

export interface BuzzGroup {
  index: number;
  /** The group's own room, once the round has started. */
  roomId: RoomId | null;
  name: string;
  prompt: string;
  facilitatorUserId: string | null;
  /** Everyone sees how many; moderators (and the group's own members) see who. */
  memberCount: number;
  members: BuzzMember[] | null;
  /** Someone in the group asked for a moderator (server time, ms). */
  helpRequestedAt: number | null;
  helpRequestedBy: string | null;
}

export interface BuzzRound {
  roundId: string;
  phase: BuzzPhase;
  method: BuzzMethod;
  lateArrivals: LateArrivals;
  /** Self-selection: most people per group. */
  selfSelectCap: number | null;
  startedAt: number | null;
  endsAt: number | null;
  /** "End all groups" was pressed: everyone returns at this time. */
  returnAt: number | null;
  groups: BuzzGroup[];
  /** For moderators: people in the main session who are in no group. */
  unassigned: BuzzMember[] | null;
}

/** Where one person belongs now. */
export interface BuzzPlace {
  roundId: string;
  group: Pick<BuzzGroup, 'index' | 'roomId' | 'name' | 'prompt' | 'facilitatorUserId'> | null;
}

/** The shared text every group's notes pad edits (one Y.Text per group's document). */
export const NOTES_TEXT = 'notes';

/** What a finished round left: each group's notes, for everyone in the main session. */
export interface BuzzOutputs {
  roundId: string;
  endedAt: number;
  groups: { index: number; name: string; prompt: string; facilitatorUserId: string | null; facilitatorName: string | null; notes: string }[];
}

/**
 * What a (re)joining client learns about buzz groups, as of `seq`.
 *
 * Every change to a session's buzz groups takes the next number of the
 * session's sequence once it has committed, then reads what it tells: so a
 * message's content holds every change with a lower number. Everyone in the
 * session gets every number, with the change's content if it concerns them
 * (`buzz:changed`, `buzz:assigned`, `buzz:ended`), else alone
 * (`buzz:advanced`): a hole means a message was lost, and the client asks
 * `buzz:resync`, answered with this whole.
 */
export interface BuzzSnapshot {
  /** The session's last buzz-change number when this was read: it holds every change up to there. */
  seq: number;
  /** The session this room belongs to: itself, or the session a group split from. */
  sessionId: RoomId;
  /** Set in a group's room: which group it is. */
  groupIndex: number | null;
  /** The round in progress (or being drafted, for moderators), if any. */
  round: BuzzRound | null;
  /** Where the caller belongs in it. */
  place: BuzzPlace | null;
  /** The last finished round's notes. */
  outputs: BuzzOutputs | null;
  /** In a group's room: the notes so far (a collaborative document's update); null before anyone wrote. */
  notes: Uint8Array | null;
  /** For moderators while groups run: who is in each group's room, by group index. */
  presence: Record<number, string[]> | null;
  /** Server time when this was made, so clocks can be compared for the timer. */
  serverNow: number;
}
