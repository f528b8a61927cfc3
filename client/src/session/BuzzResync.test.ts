import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuzzSnapshot } from '../../../shared/buzz.js';
import { asRoomId } from '../../../shared/ids.js';
import { GAP_PATIENCE_MS } from '../../../shared/changeSequence.js';
import { buzzOutputs, buzzPlace, buzzRound, buzzSnapshot } from '../store/testBuzz.js';
import { BuzzResync, missedBuzzChange } from './BuzzResync.js';

const sessionId = asRoomId('people-power');

/** Half of every random range: the check's jitter is 500 ms. */
const halfway = () => 0.5;

/** The session's buzz state as of `seq`: only its number matters here. */
const snapshotAt = (seq: number): BuzzSnapshot => buzzSnapshot(sessionId, { seq });

describe('BuzzResync', () => {
  /** Each `buzz:resync` waits until the test answers it. */
  let answers: ((snapshot: BuzzSnapshot) => void)[];
  let taken: number[];
  let resync: BuzzResync;

  const answer = async (snapshot: BuzzSnapshot) => {
    answers.shift()!(snapshot);
    await vi.advanceTimersByTimeAsync(0);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    answers = [];
    taken = [];
    resync = new BuzzResync(
      () => new Promise<BuzzSnapshot>((resolve) => answers.push(resolve)),
      (snapshot) => void taken.push(snapshot.seq),
      { random: halfway },
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for the state whole once a hole stays open, and follows on from its number', async () => {
    resync.startAt(10);
    expect(resync.admits('round', 11)).toBe(true);
    expect(resync.admits('round', 13)).toBe(true);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS - 1);
    expect(answers).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(answers).toHaveLength(1);

    await answer(snapshotAt(13));
    expect(taken).toEqual([13]);
    expect(resync.head).toBe(13);
    resync.admits(null, 14);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveLength(0);
    expect(resync.head).toBe(14);
  });

  it('fills holes with the numbers of changes told to others', async () => {
    resync.startAt(0);
    resync.admits('place', 2);
    resync.admits(null, 1);
    resync.admits(null, 3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveLength(0);
    expect(resync.head).toBe(3);
  });

  it('takes a round or a place only if newer than the one held, and no place from before the end of its round', () => {
    resync.startAt(5);
    expect(resync.admits('round', 5)).toBe(false);
    expect(resync.admits('place', 7)).toBe(true);
    // From another process, read before the move we hold: its round is newer, its place is not.
    expect(resync.admits('round', 6)).toBe(true);
    expect(resync.admits('place', 6)).toBe(false);
    expect(resync.admits('ended', 9)).toBe(true);
    expect(resync.admits('round', 8)).toBe(false);
    expect(resync.admits('place', 8)).toBe(false);
    // The next round's.
    expect(resync.admits('place', 10)).toBe(true);
    expect(resync.admits('round', 11)).toBe(true);
  });

  it('asks after a jitter when the server says to check, and takes the answer', async () => {
    resync.startAt(3);
    resync.check();
    await vi.advanceTimersByTimeAsync(499);
    expect(answers).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await answer(snapshotAt(4));
    expect(taken).toEqual([4]);
    // What the answer holds is held: an older message is not taken.
    expect(resync.admits('round', 4)).toBe(false);
  });

  it('does not take an answer older than a message already taken, and asks again', async () => {
    resync.startAt(3);
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    // Told while the request was on its way, after its reading.
    expect(resync.admits('ended', 5)).toBe(true);
    await answer(snapshotAt(4));
    expect(taken).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
    await answer(snapshotAt(5));
    expect(taken).toEqual([5]);
  });

  it('asks at once when a number beyond the join’s snapshot came while joining', async () => {
    expect(resync.admits('round', 8)).toBe(true);
    resync.startAt(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
  });

  it('drops an answer that arrives after the stay ended, and asks nothing more', async () => {
    resync.startAt(1);
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    resync.stop();
    await answer(snapshotAt(2));
    resync.admits('round', 9);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(taken).toEqual([]);
    expect(answers).toHaveLength(0);
  });
});

describe('missedBuzzChange', () => {
  const running = buzzRound();

  it('finds a move to another group, and a round that placed us while we were in the main session', () => {
    const moved = buzzSnapshot(sessionId, { groupIndex: 0, round: running, place: buzzPlace(1) });
    expect(missedBuzzChange({ round: running, place: buzzPlace(0) }, moved)).toEqual({ kind: 'assigned', place: buzzPlace(1) });
    const placed = buzzSnapshot(sessionId, { round: running, place: buzzPlace(0) });
    expect(missedBuzzChange({ round: null, place: null }, placed)).toEqual({ kind: 'assigned', place: buzzPlace(0) });
    const sentBack = buzzSnapshot(sessionId, { groupIndex: 0, round: running, place: buzzPlace(null) });
    expect(missedBuzzChange({ round: running, place: buzzPlace(0) }, sentBack)).toEqual({ kind: 'assigned', place: buzzPlace(null) });
  });

  it('finds nothing when we are where we were, whatever else changed in the round', () => {
    const extended = buzzRound({ endsAt: 20 * 60_000 });
    const snapshot = buzzSnapshot(sessionId, { groupIndex: 0, round: extended, place: buzzPlace(0, extended) });
    expect(missedBuzzChange({ round: running, place: buzzPlace(0) }, snapshot)).toBeNull();
    // Left waiting in the main session, still waiting.
    const waiting = buzzSnapshot(sessionId, { round: running, place: buzzPlace(null) });
    expect(missedBuzzChange({ round: running, place: buzzPlace(null) }, waiting)).toBeNull();
  });

  it('finds the end of the round we were in, with its outputs only when they are that round’s', () => {
    // In a group's room: no outputs there.
    const inGroup = buzzSnapshot(sessionId, { groupIndex: 0 });
    expect(missedBuzzChange({ round: running, place: buzzPlace(0) }, inGroup)).toEqual({ kind: 'ended', outputs: null });
    // In the main session, waiting: the notes the groups left.
    const inSession = buzzSnapshot(sessionId, { outputs: buzzOutputs('r1') });
    expect(missedBuzzChange({ round: running, place: buzzPlace(null) }, inSession)).toEqual({ kind: 'ended', outputs: buzzOutputs('r1') });
    const older = buzzSnapshot(sessionId, { outputs: buzzOutputs('r0') });
    expect(missedBuzzChange({ round: running, place: null }, older)).toEqual({ kind: 'ended', outputs: null });
  });

  it('finds the end of our round when another one already runs without us, and a new round’s place before it', () => {
    const next = buzzRound({ roundId: 'r2', groups: [buzzRound().groups[0]!] });
    const unplaced = buzzSnapshot(sessionId, { groupIndex: 0, round: next, place: buzzPlace(null, next) });
    expect(missedBuzzChange({ round: running, place: buzzPlace(0) }, unplaced)).toEqual({ kind: 'ended', outputs: null });
    const nextWithOwnRooms = buzzRound({ roundId: 'r2', groups: [{ ...buzzRound().groups[0]!, roomId: asRoomId('r2-group-0') }] });
    const placed = buzzSnapshot(sessionId, { groupIndex: 0, round: nextWithOwnRooms, place: buzzPlace(0, nextWithOwnRooms) });
    expect(missedBuzzChange({ round: running, place: buzzPlace(0) }, placed)).toEqual({ kind: 'assigned', place: buzzPlace(0, nextWithOwnRooms) });
  });

  it('finds nothing when a draft went away (moderators): nobody was in a group', () => {
    const draft = buzzRound({ phase: 'draft', startedAt: null, endsAt: null });
    expect(missedBuzzChange({ round: draft, place: null }, buzzSnapshot(sessionId))).toBeNull();
  });
});
