import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GAP_PATIENCE_MS } from '../../../shared/changeSequence.js';
import type { CatchUp } from '../../../shared/conversation.js';
import { RequestError } from '../realtime/requestError.js';
import { createAppStore, type AppStore } from '../store/appStore.js';
import { chatMessage, poll, question, questionId, snapshot } from '../store/testConversation.js';
import { ConversationCatchUp } from './ConversationCatchUp.js';

/** The server's side of `room:catch-up`: each request waits until the test answers or fails it, oldest first. */
function createServer() {
  const asked: number[] = [];
  const waiting: { resolve: (answer: CatchUp) => void; reject: (error: unknown) => void }[] = [];
  const request = (since: number) => {
    asked.push(since);
    return new Promise<CatchUp>((resolve, reject) => waiting.push({ resolve, reject }));
  };
  const settled = () => vi.advanceTimersByTimeAsync(0);
  return {
    asked,
    request,
    inFlight: () => waiting.length,
    answer: async (answer: CatchUp) => {
      waiting.shift()!.resolve(answer);
      await settled();
    },
    fail: async (error: unknown) => {
      waiting.shift()!.reject(error);
      await settled();
    },
  };
}

const listed = (head: number, changes: Partial<Extract<CatchUp, { chat: unknown }>> = {}): CatchUp => ({
  head,
  chat: [],
  questions: [],
  removedQuestions: [],
  polls: [],
  ...changes,
});

/** Half of every random range: the check's jitter is 500 ms, the first retry 500 ms, the second 1,000. */
const halfway = () => 0.5;

describe('ConversationCatchUp', () => {
  let store: AppStore;
  let server: ReturnType<typeof createServer>;

  /** Joined a room whose snapshot held everything up to `head`. */
  function follow(head: number): ConversationCatchUp {
    store.getState().resetConversation(snapshot({ head }));
    const catchUp = new ConversationCatchUp(store, server.request, { random: halfway });
    catchUp.start(head);
    return catchUp;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    store = createAppStore();
    server = createServer();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('asks nothing while numbers arrive in order', async () => {
    const catchUp = follow(10);
    for (const n of [11, 12, 13]) catchUp.saw(n);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([]);
    expect(catchUp.head).toBe(13);
  });

  it('waits for a number that was only overtaken (broadcasts from two processes crossed)', async () => {
    const catchUp = follow(10);
    catchUp.saw(12);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS - 100);
    catchUp.saw(11);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([]);
    expect(catchUp.head).toBe(12);
  });

  it('asks from the last unbroken number once a hole stays open, and applies the answer', async () => {
    const catchUp = follow(10);
    catchUp.saw(11);
    catchUp.saw(13);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS - 1);
    expect(server.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked).toEqual([11]);

    await server.answer(listed(13, { chat: [chatMessage(4, 2, { changeSeq: 12 })] }));
    expect(store.getState().chatMessages.map((m) => m.seq)).toEqual([4]);
    expect(catchUp.head).toBe(13);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([11]);
  });

  it('announces a poll that opened while its broadcast was lost, once', async () => {
    store.getState().resetConversation(snapshot({ head: 10, polls: [poll(1, { state: 'draft', changeSeq: 9 }), poll(2, { state: 'open', changeSeq: 8 })] }));
    const catchUp = new ConversationCatchUp(store, server.request, { random: halfway });
    catchUp.start(10);
    catchUp.saw(13);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    await server.answer(
      listed(13, { polls: [poll(1, { state: 'open', changeSeq: 11 }), poll(2, { state: 'open', changeSeq: 12 })] }),
    );
    expect(store.getState().notices.map((notice) => notice.text)).toEqual([`A poll opened: ${poll(1).question}`]);
  });

  it('waits again when a hole remains after the answer, then asks from the new head', async () => {
    const catchUp = follow(10);
    catchUp.saw(12);
    catchUp.saw(16);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    // Read when the room stood at 13: 14 held, 15 still missing.
    catchUp.saw(14);
    await server.answer(listed(13));
    expect(catchUp.head).toBe(14);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS - 1);
    expect(server.asked).toEqual([10]);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked).toEqual([10, 14]);
    await server.answer(listed(16));
    expect(catchUp.head).toBe(16);
  });

  it('keeps one request in flight: what arrives meanwhile waits for its answer', async () => {
    const catchUp = follow(10);
    catchUp.saw(12);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    catchUp.saw(20);
    catchUp.check();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.inFlight()).toBe(1);
    expect(server.asked).toEqual([10]);

    // The check told meanwhile may concern what came after the answer was read: asked again at once.
    await server.answer(listed(12));
    expect(server.asked).toEqual([10, 12]);
    await server.answer(listed(20));
    expect(catchUp.head).toBe(20);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([10, 12]);
  });

  it('asks after a jitter when the server says to check, so that a whole process’s clients do not ask at once', async () => {
    const catchUp = follow(10);
    catchUp.check();
    await vi.advanceTimersByTimeAsync(499);
    expect(server.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked).toEqual([10]);
  });

  it('spreads checks over a second', async () => {
    const delays: number[] = [];
    for (const random of [0, 0.25, 0.999]) {
      const asked: number[] = [];
      const catchUp = new ConversationCatchUp(store, (since) => (asked.push(since), new Promise<CatchUp>(() => undefined)), { random: () => random });
      catchUp.start(10);
      catchUp.check();
      let waited = 0;
      while (asked.length === 0) {
        await vi.advanceTimersByTimeAsync(1);
        waited += 1;
      }
      delays.push(waited);
      catchUp.stop();
    }
    expect(delays).toEqual([1, 250, 999]);
  });

  it('asks at once after a reconnection', async () => {
    const catchUp = follow(10);
    catchUp.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.asked).toEqual([10]);
  });

  it('replaces the conversation with a snapshot answer, and asks again for what it had been told beyond it', async () => {
    const catchUp = follow(10);
    store.getState().upsertQuestion(question(1, { changeSeq: 11 }));
    catchUp.saw(11);
    catchUp.saw(13);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    // Told live while the answer was on its way; the snapshot was read before it.
    store.getState().upsertQuestion(question(2, { changeSeq: 21 }));
    catchUp.saw(21);
    await server.answer({ head: 20, snapshot: snapshot({ head: 20, questions: [question(1, { changeSeq: 11 }), question(3, { changeSeq: 19 })] }) });
    expect(store.getState().questions.map((q) => q.questionId)).toEqual([questionId(1), questionId(3)]);
    expect(server.asked).toEqual([11, 20]);

    await server.answer(listed(21, { questions: [question(2, { changeSeq: 21 })] }));
    expect(store.getState().questions.map((q) => q.questionId)).toEqual([questionId(1), questionId(3), questionId(2)]);
    expect(catchUp.head).toBe(21);
  });

  it('asks again with backoff while the server cannot answer', async () => {
    const catchUp = follow(10);
    catchUp.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    await server.fail(new RequestError('UNAVAILABLE', 'storage is not answering'));
    await vi.advanceTimersByTimeAsync(499);
    expect(server.asked).toEqual([10]);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked).toEqual([10, 10]);
    await server.fail(new RequestError('TIMEOUT', 'no answer'));
    // A hole opening meanwhile (its patience is shorter) does not hurry the backoff.
    catchUp.saw(12);
    await vi.advanceTimersByTimeAsync(999);
    expect(server.asked).toEqual([10, 10]);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.asked).toEqual([10, 10, 10]);
    await server.answer(listed(12));
    expect(catchUp.head).toBe(12);
  });

  it('does not repeat a refused request, and asks again at the next hole', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const catchUp = follow(10);
    catchUp.saw(12);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    await server.fail(new RequestError('FORBIDDEN', 'not in this room'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([10]);
    expect(warn).toHaveBeenCalledOnce();

    catchUp.saw(14);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    expect(server.asked).toEqual([10, 10]);
  });

  it('after stop, asks nothing more and drops an answer still on its way', async () => {
    const catchUp = follow(10);
    catchUp.saw(12);
    await vi.advanceTimersByTimeAsync(GAP_PATIENCE_MS);
    catchUp.check();
    catchUp.stop();
    await server.answer(listed(12, { chat: [chatMessage(1, 2, { changeSeq: 11 })] }));
    expect(store.getState().chatMessages).toEqual([]);

    // Stopped while its request was failing: not asked again.
    const failing = follow(10);
    failing.checkNow();
    await vi.advanceTimersByTimeAsync(0);
    failing.stop();
    await server.fail(new RequestError('UNAVAILABLE', 'storage is not answering'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([10, 10]);

    const stopped = follow(10);
    stopped.saw(12);
    stopped.stop();
    stopped.saw(14);
    stopped.check();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([10, 10]);
    expect(stopped.head).toBeNull();
  });

  it('asks at once on start when changes were told while the join was under way (the snapshot replaced them)', async () => {
    store.getState().resetConversation(snapshot({ head: 10 }));
    const catchUp = new ConversationCatchUp(store, server.request, { random: halfway });
    catchUp.saw(11);
    catchUp.saw(12);
    expect(catchUp.head).toBeNull();
    catchUp.start(11);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.asked).toEqual([11]);
  });

  it('does not ask on start for changes the snapshot already held, but keeps a check told while joining', async () => {
    const catchUp = new ConversationCatchUp(store, server.request, { random: halfway });
    catchUp.saw(9);
    catchUp.start(10);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.asked).toEqual([]);

    const checked = new ConversationCatchUp(store, server.request, { random: halfway });
    checked.check();
    checked.start(10);
    await vi.advanceTimersByTimeAsync(500);
    expect(server.asked).toEqual([10]);
  });
});
