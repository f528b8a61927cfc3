import { ChangeSequence, GAP_PATIENCE_MS } from '../../../shared/changeSequence.js';
import { checkDelayMs, isRetryable, retryDelayMs } from './retryPolicy.js';

export interface SequenceFollowerOptions {
  /** Between 0 and 1, for the check's jitter and the retries' (tests pass a fixed one). */
  random?: () => number;
}

/** An ask waiting for its time: `isBackoff` after a failure, when nothing else may hurry it. */
interface PendingAsk {
  timer: ReturnType<typeof setTimeout>;
  dueAt: number;
  isBackoff: boolean;
}

type State =
  /** Joining: the snapshot is on its way. Numbers already seen beyond it were applied to what the snapshot replaces. */
  | { name: 'awaiting-snapshot'; highestSeen: number; isCheckPending: boolean }
  | {
      name: 'following';
      sequence: ChangeSequence;
      pending: PendingAsk | null;
      isAsking: boolean;
      /** A check or a reconnection asks whatever the sequence says. */
      mustAsk: boolean;
      failures: number;
    }
  | { name: 'stopped' };

type Following = Extract<State, { name: 'following' }>;

/**
 * Follows one stay in one room's sequence of numbered changes
 * (shared/changeSequence.ts) and asks the server for what a missing number
 * hid: when a hole stays open longer than broadcasts from two processes may
 * take to cross, when the server says it may have missed telling us
 * something, and after a reconnection. One request at a time; a failure is
 * asked again with backoff; `take` applies an answer, which either lists
 * the changes up to a head or, whole, replaces what is held. A new stay (a
 * rejoin, another room) is a new object: a late answer to a stopped one is
 * dropped. The conversation (ConversationCatchUp) and the live state
 * (StageResync) each follow their own sequence.
 */
export class SequenceFollower<Answer> {
  private state: State = { name: 'awaiting-snapshot', highestSeen: 0, isCheckPending: false };
  private readonly random: () => number;

  constructor(
    /** Asks for what changed after `since` (the conversation), or for the whole state (the stage). */
    private readonly request: (since: number) => Promise<Answer>,
    /**
     * Applies an answer (`highestSeen`: the highest number already seen);
     * says up to where it holds everything, and whether it replaced what
     * was held.
     */
    private readonly take: (answer: Answer, highestSeen: number) => { head: number; isWhole: boolean },
    /** What is asked, for the console's warning. */
    private readonly label: string,
    { random = Math.random }: SequenceFollowerOptions = {},
  ) {
    this.random = random;
  }

  /** The last number of the unbroken run held; null before {@link start} and after {@link stop}. */
  get head(): number | null {
    return this.state.name === 'following' ? this.state.sequence.head : null;
  }

  /** What is held is complete up to `head` (a join's snapshot, or the head held before a lost connection). */
  start(head: number): void {
    if (this.state.name !== 'awaiting-snapshot') return;
    const { highestSeen, isCheckPending } = this.state;
    this.state = { name: 'following', sequence: new ChangeSequence(head), pending: null, isAsking: false, mustAsk: false, failures: 0 };
    // Changes told while the join was under way went into what the snapshot replaced.
    if (highestSeen > head) this.checkNow();
    else if (isCheckPending) this.check();
  }

  /** A numbered change arrived (applied to the store already), or only its number. */
  saw(changeSeq: number): void {
    const { state } = this;
    if (state.name === 'awaiting-snapshot') state.highestSeen = Math.max(state.highestSeen, changeSeq);
    if (state.name !== 'following') return;
    if (state.sequence.saw(changeSeq)) this.askIn(state, GAP_PATIENCE_MS);
  }

  /** The server may have missed telling us something: ask, a moment later than everyone else told at once. */
  check(): void {
    const { state } = this;
    if (state.name === 'awaiting-snapshot') state.isCheckPending = true;
    if (state.name !== 'following') return;
    state.mustAsk = true;
    this.askIn(state, checkDelayMs(this.random));
  }

  /** Ask at once (after a reconnection: whatever was told while away was lost). */
  checkNow(): void {
    const { state } = this;
    if (state.name !== 'following') return;
    state.mustAsk = true;
    this.askIn(state, 0);
  }

  /** The stay is over (left, moved, connection lost): no more asks, and an answer still on its way is dropped. */
  stop(): void {
    if (this.state.name === 'following' && this.state.pending) clearTimeout(this.state.pending.timer);
    this.state = { name: 'stopped' };
  }

  /** Schedules an ask in `delayMs`, unless one is due sooner, in flight (its answer looks again), or backing off. */
  private askIn(state: Following, delayMs: number, { isBackoff = false } = {}): void {
    if (state.isAsking) return;
    const dueAt = Date.now() + delayMs;
    if (state.pending && (state.pending.isBackoff || state.pending.dueAt <= dueAt)) return;
    if (state.pending) clearTimeout(state.pending.timer);
    const timer = setTimeout(() => {
      state.pending = null;
      // A hole that closed meanwhile (the number was only late) needs no ask.
      if (state.mustAsk || state.sequence.hasGap) void this.ask(state);
    }, delayMs);
    state.pending = { timer, dueAt, isBackoff };
  }

  private async ask(state: Following): Promise<void> {
    const wasMustAsk = state.mustAsk;
    state.mustAsk = false;
    state.isAsking = true;
    let answer: Answer;
    try {
      answer = await this.request(state.sequence.head);
    } catch (error) {
      if (this.state !== state) return;
      state.isAsking = false;
      state.mustAsk ||= wasMustAsk;
      const delay = isRetryable(error) ? retryDelayMs(state.failures, this.random) : null;
      if (delay === null) {
        // Refused, or still failing after the last retry: the next hole or check asks again.
        console.warn(`[convene] ${this.label} failed`, error);
        state.failures = 0;
        return;
      }
      state.failures += 1;
      this.askIn(state, delay, { isBackoff: true });
      return;
    }
    if (this.state !== state) return;
    state.isAsking = false;
    state.failures = 0;
    this.apply(state, answer);
    // Taking it may have ended the stay (a move): a new follower goes on.
    if (this.state !== state) return;
    // A check told while this one was in flight may concern what came after its reading.
    if (state.mustAsk) this.askIn(state, 0);
    else if (state.sequence.hasGap) this.askIn(state, GAP_PATIENCE_MS);
  }

  private apply(state: Following, answer: Answer): void {
    // Read before taking it: a whole answer replaces what was told meanwhile beyond its head.
    const highestSeen = state.sequence.highest;
    const { head, isWhole } = this.take(answer, highestSeen);
    if (!isWhole) {
      state.sequence.caughtUpTo(head);
      return;
    }
    // Counted as unseen, what was told beyond the answer's head is asked for.
    state.sequence = new ChangeSequence(head);
    if (highestSeen > head) state.mustAsk = true;
  }
}
