/**
 * What bench/join-storm.ts and its joiner processes say to each other over
 * the IPC channel of `child_process.fork`. Times are wall-clock
 * milliseconds from chatFanout's `now()` (performance.timeOrigin +
 * performance.now()): every process is on the same machine.
 */

export type JoinerCommand =
  | {
      type: 'connect';
      serverUrl: string;
      bots: number;
      /** Identities and connections opened at once. */
      concurrency: number;
      namePrefix: string;
    }
  /**
   * Every bot joins `roomId` at its own moment: bot j of process p of P is
   * joiner g = j × P + p, and starts at `startAt + g × spacingMs`, so the
   * processes' joins interleave evenly over the storm.
   */
  | { type: 'storm'; roomId: string; startAt: number; spacingMs: number; processIndex: number; processCount: number }
  /** Reply with what the storm did so far (see {@link StormReport}). */
  | { type: 'report' }
  | { type: 'close' };

export type JoinerEvent =
  | { type: 'connected'; bots: number; connectMs: number }
  | StormReport
  | { type: 'failed'; message: string };

/** Per bot (null: not (yet) done), and the refusals by error code. */
export type StormReport = {
  type: 'storm';
  /** When the bot emitted `room:join`. */
  emittedAt: (number | null)[];
  /** When its `room:join` was answered (after the client's retries). */
  joinedAt: (number | null)[];
  /** When its `media:consume` of the speaker's video was answered. */
  readyAt: (number | null)[];
  /** Joins still refused after the client's retries. */
  refused: Record<string, number>;
  /** Joins the server refused for a while, then let through (as the web client retries). */
  retried: Record<string, number>;
  /** Joined, but the speaker's video could not be consumed. */
  notReady: Record<string, number>;
};
