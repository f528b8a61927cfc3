import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import {
  DEDUPE_WINDOW_MS,
  MemoryAnswers,
  PENDING_MS,
  RequestDedupe,
  type Remembered,
  type RequestKey,
  type SharedAnswers,
} from './requestDedupe.js';

const silent = pino({ level: 'silent' });

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** Counts how often it acted; answers with the count so a replayed answer is recognisable. */
function counter() {
  let acted = 0;
  return {
    get acted() {
      return acted;
    },
    act: () => Promise.resolve({ upvotes: ++acted }),
  };
}

const upvote = (requestId: string | undefined, userId = 'ama'): RequestKey => ({ userId, event: 'question:upvote', requestId });

/**
 * Redis as the dedupe sees it, in memory: shared by the "processes" of a
 * test, and able to fail or go away as Redis does.
 */
class FlakyShared implements SharedAnswers {
  isReady = true;
  isFailing = false;
  private readonly answers: MemoryAnswers;

  constructor(now: () => number) {
    this.answers = new MemoryAnswers(now);
  }

  claim(key: string, pendingMs: number): Promise<Remembered | null> {
    return this.guard(() => this.answers.claim(key, pendingMs));
  }

  remember(key: string, answer: string, windowMs: number): Promise<void> {
    return this.guard(() => this.answers.remember(key, answer, windowMs));
  }

  release(key: string): Promise<void> {
    return this.guard(() => this.answers.release(key));
  }

  private guard<T>(command: () => Promise<T>): Promise<T> {
    return this.isFailing ? Promise.reject(new Error('Socket closed unexpectedly')) : command();
  }
}

describe('request de-duplication in one process', () => {
  it('acts once per request id within the window and answers a retry with the first answer', async () => {
    const clock = fakeClock();
    const dedupe = new RequestDedupe(silent, null, new MemoryAnswers(clock.now));
    const votes = counter();

    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    clock.advance(DEDUPE_WINDOW_MS['question:upvote'] - 1);
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    expect(votes.acted).toBe(1);

    // Past the window, the id is forgotten: the same id acts again.
    clock.advance(1);
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 2 });
  });

  it('keeps a shorter window for reactions', async () => {
    const clock = fakeClock();
    const dedupe = new RequestDedupe(silent, null, new MemoryAnswers(clock.now));
    const reactions = counter();
    const key: RequestKey = { userId: 'ama', event: 'reaction:send', requestId: 'reaction-1' };
    await dedupe.once(key, reactions.act);
    clock.advance(DEDUPE_WINDOW_MS['reaction:send'] - 1);
    await dedupe.once(key, reactions.act);
    expect(reactions.acted).toBe(1);
    clock.advance(1);
    await dedupe.once(key, reactions.act);
    expect(reactions.acted).toBe(2);
  });

  it('tells apart people, events and ids, and acts every time for requests without an id', async () => {
    const dedupe = new RequestDedupe(silent);
    const votes = counter();
    await dedupe.once(upvote('request-1'), votes.act);
    await dedupe.once(upvote('request-2'), votes.act);
    await dedupe.once(upvote('request-1', 'bo'), votes.act);
    await dedupe.once({ userId: 'ama', event: 'poll:vote', requestId: 'request-1' }, votes.act);
    await dedupe.once(upvote(undefined), votes.act);
    await dedupe.once(upvote(undefined), votes.act);
    expect(votes.acted).toBe(6);
  });

  it('forgets a first attempt that failed, so its retry acts', async () => {
    const dedupe = new RequestDedupe(silent);
    const votes = counter();
    const refused = dedupe.once(upvote('request-1'), () => Promise.reject(new AppError('UNAVAILABLE', 'database stalled')));
    await expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
  });

  it('asks a retry that arrives while the first attempt still runs to come back, then answers it', async () => {
    const dedupe = new RequestDedupe(silent);
    let finish!: (answer: { upvotes: number }) => void;
    const first = dedupe.once(upvote('request-1'), () => new Promise<{ upvotes: number }>((resolve) => (finish = resolve)));
    // From another connection (one connection's requests run one at a time).
    await expect(dedupe.once(upvote('request-1'), counter().act)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    finish({ upvotes: 7 });
    expect(await first).toEqual({ upvotes: 7 });
    expect(await dedupe.once(upvote('request-1'), counter().act)).toEqual({ upvotes: 7 });
  });

  it('frees the key of a first attempt that never finished once its hold lapses', async () => {
    const clock = fakeClock();
    const dedupe = new RequestDedupe(silent, null, new MemoryAnswers(clock.now));
    void dedupe.once(upvote('request-1'), () => new Promise<never>(() => undefined));
    clock.advance(PENDING_MS);
    const votes = counter();
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
  });
});

describe('memory answers', () => {
  it('keep at most their capacity, dropping the oldest', async () => {
    const answers = new MemoryAnswers(Date.now, 3);
    for (const key of ['a', 'b', 'c', 'd']) await answers.remember(key, '{}', 60_000);
    expect(answers.size).toBe(3);
    expect(await answers.claim('a', 1_000)).toBeNull();
    expect(await answers.claim('d', 1_000)).toEqual({ state: 'answered', answer: '{}' });
  });

  it('drop lapsed entries as new ones arrive', async () => {
    const clock = fakeClock();
    const answers = new MemoryAnswers(clock.now);
    await answers.remember('a', '{}', 1_000);
    await answers.remember('b', '{}', 1_000);
    clock.advance(1_000);
    await answers.remember('c', '{}', 1_000);
    expect(answers.size).toBe(1);
  });
});

describe('request de-duplication across processes', () => {
  it('answers a retry that reaches another process with the first answer', async () => {
    const clock = fakeClock();
    const redis = new FlakyShared(clock.now);
    const first = new RequestDedupe(silent, redis, new MemoryAnswers(clock.now));
    const second = new RequestDedupe(silent, redis, new MemoryAnswers(clock.now));
    const votes = counter();
    expect(await first.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    expect(await second.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    expect(votes.acted).toBe(1);
  });

  it('never fails a request because Redis fails, and still recognises retries on the same process', async () => {
    const clock = fakeClock();
    const redis = new FlakyShared(clock.now);
    const dedupe = new RequestDedupe(silent, redis, new MemoryAnswers(clock.now));
    const votes = counter();

    redis.isFailing = true;
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    // Back: what this process answered alone is still not done again.
    redis.isFailing = false;
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });

    // Disconnected (commands would queue until it returns): not asked at all.
    redis.isReady = false;
    expect(await dedupe.once(upvote('request-2'), votes.act)).toEqual({ upvotes: 2 });
    expect(await dedupe.once(upvote('request-2'), votes.act)).toEqual({ upvotes: 2 });
    expect(votes.acted).toBe(2);
  });

  it('answers a first attempt even when Redis fails while it runs', async () => {
    const clock = fakeClock();
    const redis = new FlakyShared(clock.now);
    const dedupe = new RequestDedupe(silent, redis, new MemoryAnswers(clock.now));
    const votes = counter();
    const answer = await dedupe.once(upvote('request-1'), async () => {
      redis.isFailing = true;
      return votes.act();
    });
    expect(answer).toEqual({ upvotes: 1 });
    expect(await dedupe.once(upvote('request-1'), votes.act)).toEqual({ upvotes: 1 });
    expect(votes.acted).toBe(1);
  });
});
