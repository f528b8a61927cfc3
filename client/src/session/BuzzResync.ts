import { isLiveRound, type BuzzOutputs, type BuzzPlace, type BuzzRound, type BuzzSnapshot } from '../../../shared/buzz.js';
import type { RoomId } from '../../../shared/ids.js';
import { checkDelayMs, isRetryable, retryDelayMs } from './retryPolicy.js';

/** Asks the server for the buzz round as it stands and where we belong in it (`buzz:resync`). */
export type BuzzResyncRequest = () => Promise<BuzzSnapshot>;

export interface BuzzResyncOptions {
  /** Between 0 and 1, for the check's jitter and the retries' (tests pass a fixed one). */
  random?: () => number;
}

type State =
  /** Joining: the join's snapshot is on its way; a check told meanwhile is asked once it is taken. */
  | { name: 'joining'; isCheckPending: boolean }
  | {
      name: 'in-room';
      /** An ask is due (after a check's jitter, or a failure's backoff). */
      timer: ReturnType<typeof setTimeout> | null;
      isAsking: boolean;
      /** A check came while asking: the answer may have been read before what it concerns. */
      isCheckedWhileAsking: boolean;
      failures: number;
    }
  | { name: 'stopped' };

type InRoom = Extract<State, { name: 'in-room' }>;

/**
 * Asks for the buzz round again when the server says it may have missed
 * telling us something (`room:check`): a round's changes reach groups on
 * other processes through Redis, and an outage loses them. One request at a
 * time, a moment after the check (spread, as everyone on a process is told
 * at once); a failure is asked again with backoff, since the server sends
 * no second check and a lost end would leave the person in a finished
 * group. One object per stay in a room, like {@link ConversationCatchUp}:
 * an answer arriving after {@link stop} is dropped.
 */
export class BuzzResync {
  private state: State = { name: 'joining', isCheckPending: false };
  private readonly random: () => number;

  constructor(
    private readonly request: BuzzResyncRequest,
    /** Takes an answer; it may end the stay (a move), which stops this object. */
    private readonly apply: (snapshot: BuzzSnapshot) => void,
    { random = Math.random }: BuzzResyncOptions = {},
  ) {
    this.random = random;
  }

  /** The join's snapshot is taken: a check told while joining is asked now. */
  start(): void {
    if (this.state.name !== 'joining') return;
    const { isCheckPending } = this.state;
    this.state = { name: 'in-room', timer: null, isAsking: false, isCheckedWhileAsking: false, failures: 0 };
    if (isCheckPending) this.check();
  }

  /** The server may have missed telling us something: ask, a moment later than everyone else told at once. */
  check(): void {
    const { state } = this;
    if (state.name === 'joining') state.isCheckPending = true;
    if (state.name !== 'in-room') return;
    if (state.isAsking) {
      state.isCheckedWhileAsking = true;
      return;
    }
    // An ask already due is sent after this check, so its answer covers it.
    if (state.timer === null) this.askIn(state, checkDelayMs(this.random));
  }

  /** The stay is over (left, moved, connection lost): no more asks, and an answer still on its way is dropped. */
  stop(): void {
    if (this.state.name === 'in-room' && this.state.timer !== null) clearTimeout(this.state.timer);
    this.state = { name: 'stopped' };
  }

  private askIn(state: InRoom, delayMs: number): void {
    state.timer = setTimeout(() => {
      state.timer = null;
      void this.ask(state);
    }, delayMs);
  }

  private async ask(state: InRoom): Promise<void> {
    state.isAsking = true;
    state.isCheckedWhileAsking = false;
    let snapshot: BuzzSnapshot;
    try {
      snapshot = await this.request();
    } catch (error) {
      if (this.state !== state) return;
      state.isAsking = false;
      const delay = isRetryable(error) ? retryDelayMs(state.failures, this.random) : null;
      if (delay === null) {
        // Refused, or still failing after the last retry: the next check asks again.
        console.warn('[convene] buzz:resync failed', error);
        state.failures = 0;
        return;
      }
      state.failures += 1;
      this.askIn(state, delay);
      return;
    }
    if (this.state !== state) return;
    state.isAsking = false;
    state.failures = 0;
    this.apply(snapshot);
    // Taking it may have moved us (a new stay), or a check came while this one was in flight.
    if (this.state === state && state.isCheckedWhileAsking) this.askIn(state, 0);
  }
}

/** What a resync shows was missed: a move (`buzz:assigned`) or the end of the round we were in (`buzz:ended`). */
export type MissedBuzzChange = { kind: 'assigned'; place: BuzzPlace } | { kind: 'ended'; outputs: BuzzOutputs | null };

/** The round and place this client held before a resync. */
export interface HeldBuzz {
  round: BuzzRound | null;
  place: BuzzPlace | null;
}


/** The group room a place puts us in; null for the main session. */
const roomOf = (place: BuzzPlace | null): RoomId | null => place?.group?.roomId ?? null;

/**
 * Compares where we stood with a resync's answer. Placed in another group
 * than the one held (moved, or a new round placed us) is a missed
 * `buzz:assigned`; the round we held running and now over (or replaced by
 * another) is a missed `buzz:ended`, with the outputs only if they are that
 * round's; sent to the main session while the round goes on is a missed
 * `buzz:assigned` again. Null when nothing moves us.
 */
export function missedBuzzChange(held: HeldBuzz, snapshot: BuzzSnapshot): MissedBuzzChange | null {
  const { place } = snapshot;
  const placedIn = roomOf(place);
  const isMoved = place !== null && placedIn !== roomOf(held.place);
  if (isMoved && placedIn !== null) return { kind: 'assigned', place };
  const heldRound = held.round;
  if (isLiveRound(heldRound) && !(isLiveRound(snapshot.round) && snapshot.round.roundId === heldRound.roundId)) {
    return { kind: 'ended', outputs: snapshot.outputs?.roundId === heldRound.roundId ? snapshot.outputs : null };
  }
  return isMoved ? { kind: 'assigned', place } : null;
}
