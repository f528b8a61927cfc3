/** Buzz rounds, places and snapshots for store and session tests, with the fields a test does not care about filled in. */
import type { BuzzGroup, BuzzOutputs, BuzzPlace, BuzzRound, BuzzSnapshot } from '../../../shared/buzz.js';
import { asRoomId, type RoomId } from '../../../shared/ids.js';

/** Group `index`'s room: `group-<index>`. */
export const groupRoomId = (index: number): RoomId => asRoomId(`group-${index}`);

/** Group `index` of a running round, with its room, nobody in it, no facilitator. */
export const buzzGroup = (index: number, overrides: Partial<BuzzGroup> = {}): BuzzGroup => ({
  index,
  roomId: groupRoomId(index),
  name: `Group ${index + 1}`,
  prompt: '',
  facilitatorUserId: null,
  memberCount: 0,
  members: null,
  helpRequestedAt: null,
  helpRequestedBy: null,
  ...overrides,
});

/** Round `r1`, running with groups 0 and 1, ending ten minutes after it started. */
export const buzzRound = (overrides: Partial<BuzzRound> = {}): BuzzRound => ({
  roundId: 'r1',
  phase: 'running',
  method: 'balanced',
  lateArrivals: 'assign',
  selfSelectCap: null,
  startedAt: 0,
  endsAt: 10 * 60_000,
  returnAt: null,
  groups: [buzzGroup(0), buzzGroup(1)],
  unassigned: null,
  ...overrides,
});

/** A place in group `index` of `round` (null: in the round, in no group). */
export const buzzPlace = (index: number | null, round: BuzzRound = buzzRound()): BuzzPlace => {
  const group = index === null ? undefined : round.groups.find((g) => g.index === index);
  return {
    roundId: round.roundId,
    group: group ? { index: group.index, roomId: group.roomId, name: group.name, prompt: group.prompt, facilitatorUserId: group.facilitatorUserId } : null,
  };
};

/** What round `roundId` left: one group's notes. */
export const buzzOutputs = (roundId = 'r1'): BuzzOutputs => ({
  roundId,
  endedAt: 10 * 60_000,
  groups: [{ index: 0, name: 'Group 1', prompt: '', facilitatorUserId: null, facilitatorName: null, notes: 'ideas' }],
});

/** No round, nothing left from one: a session's snapshot before any buzz groups (or overridden). */
export const buzzSnapshot = (sessionId: RoomId, overrides: Partial<BuzzSnapshot> = {}): BuzzSnapshot => ({
  seq: 0,
  sessionId,
  groupIndex: null,
  round: null,
  place: null,
  outputs: null,
  notes: null,
  presence: null,
  serverNow: 0,
  ...overrides,
});
