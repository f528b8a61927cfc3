import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuzzSnapshot } from '../../../shared/buzz.js';
import { asRoomId } from '../../../shared/ids.js';
import { RequestError } from '../realtime/requestError.js';
import { buzzOutputs, buzzPlace, buzzRound, buzzSnapshot } from '../store/testBuzz.js';
import { BuzzResync, missedBuzzChange } from './BuzzResync.js';

const sessionId = asRoomId('people-power');

/** The server's side of `buzz:resync`: each request waits until the test answers or fails it, oldest first. */
function createServer() {
  const waiting: { resolve: (answer: BuzzSnapshot) => void; reject: (error: unknown) => void }[] = [];
  let asked = 0;
  const settled = () => vi.advanceTimersByTimeAsync(0);
  return {
    asked: () => asked,
    inFlight: () => waiting.length,
    request: () => {
      asked += 1;
      return new Promise<BuzzSnapshot>((resolve, reject) => waiting.push({ resolve, reject }));
    },
    answer: async (answer: BuzzSnapshot = buzzSnapshot(sessionId)) => {
      waiting.shift()!.resolve(answer);
      await settled();
    },
    fail: async (error: unknown) => {
      waiting.shift()!.reject(error);
      await settled();
    },
  };
}

/** Half of every random range: the check's jitter is 500 ms, the first retry 500 ms, the second 1,000. */
const halfway = () => 0.5;

describe('BuzzResync', () => {
  let server: ReturnType<typeof createServer>;
  let applied: BuzzSnapshot[];

  function inRoom(apply: (snapshot: BuzzSnapshot) => void = (snapshot) => void applied.push(snapshot)): BuzzResync {
    const resync = new BuzzResync(server.request, apply, { random: halfway });
    resync.start();
    return resync;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    server = createServer();
    applied = [];
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('asks after a jitter when the server says to check, and hands the answer over', async () => {
    const resync = inRoom();
    resync.check();
    await vi.advanceTimersByTimeAsync(499);
    expect(server.asked()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked()).toBe(1);
    const answer = buzzSnapshot(sessionId, { round: buzzRound() });
    await server.answer(answer);
    expect(applied).toEqual([answer]);
  });

  it('asks nothing without a check', async () => {
    inRoom();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked()).toBe(0);
  });

  it('keeps a check told while joining until the join’s snapshot is taken', async () => {
    const resync = new BuzzResync(server.request, (snapshot) => void applied.push(snapshot), { random: halfway });
    resync.check();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.asked()).toBe(0);
    resync.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(server.asked()).toBe(1);
  });

  it('keeps one request in flight, and asks again at once after it when a check came meanwhile', async () => {
    const resync = inRoom();
    resync.check();
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    resync.check();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.asked()).toBe(1);

    await server.answer();
    expect(server.asked()).toBe(2);
    await server.answer();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked()).toBe(2);
    expect(applied).toHaveLength(2);
  });

  it('asks again with backoff after a failure that can pass, and leaves a refusal to the next check', async () => {
    const resync = inRoom();
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    await server.fail(new RequestError('TIMEOUT', 'no answer'));
    await vi.advanceTimersByTimeAsync(499);
    expect(server.asked()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked()).toBe(2);

    await server.fail(new RequestError('NOT_FOUND', 'not in a room'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked()).toBe(2);
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    expect(server.asked()).toBe(3);
  });

  it('gives up after the last retry until the next check', async () => {
    const resync = inRoom();
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    for (let failures = 0; failures <= 6; failures += 1) {
      await server.fail(new RequestError('UNAVAILABLE', 'busy'));
      await vi.advanceTimersByTimeAsync(20_000);
    }
    expect(server.asked()).toBe(7);
    expect(server.inFlight()).toBe(0);
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    expect(server.asked()).toBe(8);
  });

  it('drops an answer that arrives after the stay ended, and asks nothing more', async () => {
    const resync = inRoom();
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    resync.stop();
    await server.answer();
    expect(applied).toEqual([]);

    resync.check();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked()).toBe(1);
  });

  it('sends no ask still waiting for its jitter once stopped', async () => {
    const resync = inRoom();
    resync.check();
    resync.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked()).toBe(0);
  });

  it('asks no more once taking an answer ended the stay (it moved us)', async () => {
    const resync: BuzzResync = inRoom(() => resync.stop());
    resync.check();
    await vi.advanceTimersByTimeAsync(500);
    resync.check();
    await server.answer();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked()).toBe(1);
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
