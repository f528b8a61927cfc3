/**
 * What bench/buzz-regroup.ts and its bot processes say to each other over
 * the IPC channel of `child_process.fork`. Times are wall-clock
 * milliseconds from chatFanout's `now()` (performance.timeOrigin +
 * performance.now()): every process is on the same machine, so a time
 * taken by the moderator in the parent compares with one taken by a bot.
 */

/** The three things the bots are timed on: a baseline broadcast, the split and the return. */
export type MoveKind = 'broadcast' | 'split' | 'return';

export type BotCommand =
  | {
      type: 'connect';
      serverUrl: string;
      sessionId: string;
      bots: number;
      /** Identities and connections opened at once. */
      connectConcurrency: number;
      /** `room:join` requests in flight at once. */
      joinConcurrency: number;
      namePrefix: string;
    }
  /** Reply with the traffic received so far (see {@link ActivityReport}). */
  | { type: 'activity' }
  /**
   * Time the next move of this kind from now on (replacing any earlier
   * one); a broadcast counts only if its text is `tag`. Answered with
   * `armed` once in force, so the parent may then act.
   */
  | { type: 'arm'; kind: MoveKind; tag: string }
  /** Reply with what the armed move did so far (see {@link MoveReport}). */
  | { type: 'report'; tag: string }
  /**
   * Bots a move left outside the session (a refused or timed-out join) go
   * back into it, `concurrency` at a time, as a person would by reloading;
   * answered with `rehomed`.
   */
  | { type: 'rehome'; concurrency: number }
  | { type: 'close' };

export type BotEvent =
  | { type: 'connected'; bots: number; connectMs: number; joinMs: number }
  | { type: 'armed'; tag: string }
  | { type: 'rehomed'; bots: number; failed: number }
  | ActivityReport
  | MoveReport
  | { type: 'failed'; message: string };

export type ActivityReport = {
  type: 'activity';
  /** Server events of any kind received since the bots connected (arrivals and departures above all). */
  events: number;
  /** Bots whose socket is connected right now. */
  connected: number;
  /** Bots in the session's room (not in a group, not between rooms). */
  inSession: number;
};

export type MoveReport = {
  type: 'move';
  tag: string;
  kind: MoveKind;
  /** Per bot: when the event arrived (`buzz:broadcasted`, `buzz:assigned`, `buzz:ended`), or null. */
  receivedAt: (number | null)[];
  /** Per bot: when the `room:join` into its group (split) or back into the session (return) was acknowledged. */
  joinedAt: (number | null)[];
  /** Refused or timed-out `room:leave`/`room:join`, by error code (after the client's retries). */
  errors: Record<string, number>;
  /** `room:join` refusals that were retried (as the web client does), by error code. */
  retried: Record<string, number>;
  /** Bots disconnected since the move was armed. */
  disconnects: number;
  /** Server events received so far, of any kind: a sign the move is still under way. */
  events: number;
};
