/**
 * What the benchmark (parent) and its bot processes say to each other over
 * the IPC channel of `child_process.fork`. Times are wall-clock milliseconds
 * from {@link now}: every process is on the same machine, so a timestamp
 * taken in one process can be compared with one taken in another.
 */

/** Wall-clock time with sub-millisecond resolution, comparable across processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

export type BotCommand =
  | {
      type: 'connect';
      serverUrl: string;
      roomId: string;
      bots: number;
      /** How many of them send (the first ones). */
      senders: number;
      /** Identities and connections opened at once. */
      connectConcurrency: number;
      /** `room:join` requests in flight at once. */
      joinConcurrency: number;
      namePrefix: string;
    }
  /** Reply with the setup traffic received so far (see {@link SetupReport}). */
  | { type: 'setup-status' }
  | {
      type: 'send';
      step: number;
      /** Messages per second from this process, spread evenly over time and over its senders. */
      rate: number;
      startAt: number;
      /** Messages scheduled in [measureFrom, measureUntil) are the measured ones. */
      measureFrom: number;
      /** Sending stops here. */
      measureUntil: number;
    }
  /** Reply with what the step's measured messages did so far (see {@link StepReport}). */
  | { type: 'report'; step: number }
  | { type: 'close' };

export type BotEvent =
  | { type: 'connected'; bots: number; connectMs: number; joinMs: number }
  | SetupReport
  | StepReport
  | { type: 'failed'; message: string };

export type SetupReport = {
  type: 'setup';
  /** Server events of any kind received since the bots connected (arrivals above all). */
  events: number;
  /** Bots whose socket is connected right now. */
  connected: number;
};

export type StepReport = {
  type: 'step';
  step: number;
  /** Measured messages sent by this process. */
  sent: number;
  /** Of those, acknowledged with ok. */
  acked: number;
  /** Refusals and timeouts, by error code. */
  ackErrors: Record<string, number>;
  /** `chat:send` round trips of the measured messages. */
  ackLatency: number[];
  /** Measured messages (from any process) received by this process's bots, with their latencies. */
  deliveries: number;
  latency: number[];
  maxLatencyMs: number;
  /** How late the sender timer fired, worst case: the bot process's own event-loop delay. */
  maxSendLagMs: number;
  /** Bots disconnected since the previous report. */
  disconnects: number;
};
