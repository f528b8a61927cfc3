/**
 * Which server processes are dead, and when their people are to leave.
 * Pure: times are passed in (milliseconds on one clock, Redis's), so the
 * rules are tested without Redis (server/realtime/processLiveness.ts
 * applies them).
 */

/** A process as the list of live processes has it. */
export interface ListedProcess {
  processId: string;
  /** When it last renewed its liveness. */
  renewedAt: number;
}

export interface LivenessTiming {
  /** How long after its last renewal a process that stopped renewing counts as dead. */
  ttlMs: number;
  /** How long a peer whose connection dropped keeps its place (RECONNECT_GRACE_MS). */
  graceMs: number;
}

/** A process that stopped renewing, and when its people are to be told gone. */
export interface DeadProcess extends ListedProcess {
  /**
   * Its last renewal plus the reconnection grace: a process killed outright
   * drops its people's connections then (at the latest one renewal period
   * later), so they leave about when an ordinary lost connection would.
   */
  sweepAt: number;
}

/**
 * How often a process renews its liveness, and looks for dead ones: three
 * times per TTL, so one renewal late (a busy event loop, a slow Redis
 * answer) is not taken for a death.
 */
export function renewalPeriodMs(ttlMs: number): number {
  return Math.max(1, Math.floor(ttlMs / 3));
}

/** The listed processes, other than this one, whose last renewal is at least a TTL old at `now`. */
export function findDeadProcesses(
  listed: readonly ListedProcess[],
  now: number,
  selfId: string,
  { ttlMs, graceMs }: LivenessTiming,
): DeadProcess[] {
  return listed
    .filter((process) => process.processId !== selfId && now - process.renewedAt >= ttlMs)
    .map((process) => ({ ...process, sweepAt: process.renewedAt + graceMs }));
}

/**
 * Runs each dead process's sweep once, at its {@link DeadProcess.sweepAt}
 * (at once if that has passed). Planning again (every renewal period) keeps
 * the time already planned, never starts a second sweep of a process whose
 * sweep is still running, and forgets a process no longer dead (it renewed
 * after all, or another process swept it and took it off the list).
 */
export class SweepSchedule {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private isClosed = false;

  /** `sweep` never rejects (the caller logs its own failures); a failed sweep is planned again next time. */
  constructor(private readonly sweep: (process: DeadProcess) => Promise<void>) {}

  plan(dead: readonly DeadProcess[], now: number): void {
    if (this.isClosed) return;
    const deadIds = new Set(dead.map((process) => process.processId));
    for (const [processId, timer] of this.timers) {
      if (deadIds.has(processId)) continue;
      clearTimeout(timer);
      this.timers.delete(processId);
    }
    for (const process of dead) {
      if (this.timers.has(process.processId) || this.running.has(process.processId)) continue;
      const timer = setTimeout(() => this.run(process), Math.max(0, process.sweepAt - now));
      timer.unref();
      this.timers.set(process.processId, timer);
    }
  }

  /** The sweeps running now (a graceful stop waits a little for them). */
  inFlight(): Promise<void>[] {
    return [...this.running.values()];
  }

  /** Plans nothing more and cancels what is planned; running sweeps finish. */
  close(): void {
    this.isClosed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private run(process: DeadProcess): void {
    this.timers.delete(process.processId);
    // Caught here too: a rejection would take the process down (sweep's own contract is never to reject).
    const done = this.sweep(process)
      .catch(() => undefined)
      .finally(() => this.running.delete(process.processId));
    this.running.set(process.processId, done);
  }
}
