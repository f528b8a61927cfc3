import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GAP_PATIENCE_MS } from '../../../shared/changeSequence.js';
import type { StageView } from '../../../shared/events.js';
import { peer } from '../store/testPeople.js';
import { StageResync } from './StageResync.js';

const EPOCH = 'room-1';

/** The live state as of `seq`: only its number matters here. */
const viewAt = (seq: number, epoch = EPOCH): StageView => ({
  stamp: { epoch, seq },
  self: peer(1, 'Pat'),
  peers: [],
  audienceCount: 1,
  activeSpeakerId: null,
});

/** Half of every random range: the check's jitter is 500 ms. */
const halfway = () => 0.5;

describe('StageResync', () => {
  /** Each `stage:resync` waits until the test answers it. */
  let answers: ((view: StageView) => void)[];
  let taken: number[];
  let resync: StageResync;

  const answer = async (view: StageView) => {
    answers.shift()!(view);
    await vi.advanceTimersByTimeAsync(0);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    answers = [];
    taken = [];
    resync = new StageResync(
      () => new Promise<StageView>((resolve) => answers.push(resolve)),
      (view) => void taken.push(view.stamp.seq),
      { random: halfway },
    );
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for the state whole once a hole stays open, and follows on from its number', async () => {
    resync.startAt({ epoch: EPOCH, seq: 10 });
    resync.sawStamp({ epoch: EPOCH, seq: 11 });
    resync.sawStamp({ epoch: EPOCH, seq: 13 });
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS - 1);
    expect(answers).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(answers).toHaveLength(1);

    await answer(viewAt(13));
    expect(taken).toEqual([13]);
    expect(resync.head).toBe(13);
    resync.sawStamp({ epoch: EPOCH, seq: 14 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveLength(0);
    expect(resync.head).toBe(14);
  });

  it('fills holes with the numbers of changes we may not see', async () => {
    resync.startAt({ epoch: EPOCH, seq: 0 });
    resync.sawStamp({ epoch: EPOCH, seq: 4 });
    resync.sawNumbers({ epoch: EPOCH, ranges: [[1, 3], [5, 6]] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveLength(0);
    expect(resync.head).toBe(6);
  });

  it('follows only the room it joined: numbers of another epoch, or none, are not its own', async () => {
    resync.startAt({ epoch: EPOCH, seq: 5 });
    resync.sawStamp({ epoch: 'room-0', seq: 9 });
    resync.sawNumbers({ epoch: 'room-0', ranges: [[7, 8]] });
    resync.sawStamp(undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(answers).toHaveLength(0);
    expect(resync.head).toBe(5);
  });

  it('asks at once when a change told during the join came after the join read the state', async () => {
    resync.sawStamp({ epoch: 'room-0', seq: 30 });
    resync.sawStamp({ epoch: EPOCH, seq: 12 });
    resync.startAt({ epoch: EPOCH, seq: 11 });
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
  });

  it('asks on the server’s check even without a hole; an answer older than what arrived meanwhile is not taken but asked again', async () => {
    resync.startAt({ epoch: EPOCH, seq: 3 });
    resync.check();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(answers).toHaveLength(1);
    // Number 5 arrives before an answer read at 4 (another process's broadcast was late).
    resync.sawStamp({ epoch: EPOCH, seq: 5 });
    await answer(viewAt(4));
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
    // Taken, it would undo change 5 (a seat, say): dropped.
    expect(taken).toEqual([]);
    await answer(viewAt(5));
    expect(taken).toEqual([5]);
    expect(resync.head).toBe(5);
  });

  it('drops an answer that arrives after the stay ended', async () => {
    resync.startAt({ epoch: EPOCH, seq: 0 });
    resync.check();
    await vi.advanceTimersByTimeAsync(1_000);
    resync.stop();
    await answer(viewAt(2));
    expect(taken).toEqual([]);
  });
});
