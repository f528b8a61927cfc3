import type { PackagingJob, PackagingLease, PackagingRepository } from '../../db/packagingRepository.js';
import type { RecordingRepository } from '../../db/recordingRepository.js';
import type { Logger } from '../../logger.js';
import { recordingDir } from '../recordingFiles.js';
import { packageRecording, PackagingError, PackagingStopped } from './packager.js';
import type { VideoFormat } from './packagePlan.js';

export interface PackagingQueueOptions {
  jobs: PackagingRepository;
  recordings: Pick<RecordingRepository, 'segments' | 'timeline'>;
  /** Absolute; each recording's files are in `<recordingsDir>/<id>/`. */
  recordingsDir: string;
  ffmpegPath: string;
  /** ffmpeg's CPU priority (nice). Default 19, the lowest. */
  niceness?: number;
  logger: Logger;
  /** How often the database is asked for work when nobody pokes. Default 5000. */
  pollEveryMs?: number;
  /** Longest time between two heartbeats of a running job. Default 5000. */
  heartbeatEveryMs?: number;
  /** A running job whose heartbeat is older than this belongs to a dead process and is taken again. Default 30000. */
  staleAfterMs?: number;
  /** Wait before the 2nd, 3rd… attempt; the last delay repeats. Default 30 s, 2 min, 10 min. */
  retryDelaysMs?: readonly number[];
  /** Attempts before giving up (state failed). Default 3. */
  maxAttempts?: number;
  /** How long ffmpeg gets to finish after 'q' before SIGTERM. Default 5000. */
  stopTimeoutMs?: number;
  videoFormat?: VideoFormat;
}

/**
 * How a job this process took ended: done; failed and `retrying` later, or
 * `failed` for good; `skipped` (nothing recorded); `released` (this process
 * closed mid-job; the job is free for the next); `lost` (another process
 * took it over, this one having looked dead).
 */
export type PackagingOutcome = 'done' | 'retrying' | 'failed' | 'skipped' | 'released' | 'lost';

export interface PackagingFinished {
  recordingId: string;
  outcome: PackagingOutcome;
  /** The short reason stored for organisers, when it failed. */
  error?: string;
}

type Timings = Required<Pick<PackagingQueueOptions, 'pollEveryMs' | 'heartbeatEveryMs' | 'staleAfterMs' | 'retryDelaysMs' | 'maxAttempts'>>;

const DEFAULTS: Timings = {
  pollEveryMs: 5_000,
  heartbeatEveryMs: 5_000,
  staleAfterMs: 30_000,
  retryDelaysMs: [30_000, 120_000, 600_000],
  maxAttempts: 3,
};
/** Progress reaches the database at most this often (with the heartbeat). */
const PROGRESS_EVERY_MS = 1_000;

interface RunningJob {
  recordingId: string;
  abort: AbortController;
  done: Promise<void>;
}

/**
 * Packages finished recordings in the background, one at a time per
 * process, any number of processes sharing the work through the database:
 * a job is claimed atomically, its heartbeat renewed while it runs (with its
 * progress, for organisers), and one whose process died is taken again once
 * its heartbeat is stale. A failed attempt is retried after a growing delay;
 * after the last, the job is marked failed until an organiser retries it
 * (`PackagingRepository.retry`). Recordings that failed before recording
 * anything are marked skipped.
 *
 * @example
 * const queue = new PackagingQueue({
 *   jobs: createPackagingRepository(db.prisma),
 *   recordings: createRecordingRepository(db.prisma),
 *   recordingsDir: config.recordingsDir,
 *   ffmpegPath: config.ffmpegPath,
 *   logger,
 * });
 * queue.start();
 * // when a recording ends:
 * void queue.poke();
 * // at shutdown:
 * await queue.close();
 */
export class PackagingQueue {
  private readonly options: PackagingQueueOptions & Timings;
  private readonly logger: Logger;
  private pollTimer: NodeJS.Timeout | undefined;
  private looking: Promise<void> | undefined;
  private isLookAgain = false;
  private running: RunningJob | undefined;
  private isClosed = false;
  private readonly finishedListeners = new Set<(finished: PackagingFinished) => void>();

  constructor(options: PackagingQueueOptions) {
    this.options = {
      ...options,
      pollEveryMs: options.pollEveryMs ?? DEFAULTS.pollEveryMs,
      heartbeatEveryMs: options.heartbeatEveryMs ?? DEFAULTS.heartbeatEveryMs,
      staleAfterMs: options.staleAfterMs ?? DEFAULTS.staleAfterMs,
      retryDelaysMs: options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULTS.retryDelaysMs,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
    };
    this.logger = options.logger.child({ component: 'packagingQueue' });
  }

  /** The recording this process is packaging now, if any. */
  get current(): string | undefined {
    return this.running?.recordingId;
  }

  /** Looks for work now and then every `pollEveryMs`. */
  start(): void {
    if (this.isClosed || this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.poke(), this.options.pollEveryMs);
    void this.poke();
  }

  /**
   * Looks for work now (a recording just ended). Resolves once this process
   * has looked: having started a job (see {@link current}), or found none.
   * While a job runs there is nothing to do: the next is looked for when it
   * ends.
   */
  poke(): Promise<void> {
    if (this.isClosed || this.running) return Promise.resolve();
    if (this.looking) {
      // The look under way may have queried before this recording ended.
      this.isLookAgain = true;
      return this.looking;
    }
    this.looking = this.lookForWork().finally(() => (this.looking = undefined));
    return this.looking;
  }

  /** Called when a job this process took ends, however it ends. */
  onFinished(listener: (finished: PackagingFinished) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /**
   * Stops looking for work and stops the running ffmpeg gracefully ('q',
   * then SIGTERM); its job goes back to waiting, untouched, for whichever
   * process looks next. Resolves when nothing of this queue runs any more.
   */
  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.pollTimer);
    await this.looking;
    const running = this.running;
    if (running) {
      running.abort.abort('closing');
      await running.done;
    }
  }

  private async lookForWork(): Promise<void> {
    do {
      this.isLookAgain = false;
      try {
        await this.options.jobs.skipFailedRecordings();
        const now = Date.now();
        const job = await this.options.jobs.claimNext(now, now - this.options.staleAfterMs);
        if (job) this.run(job);
      } catch (error) {
        this.logger.error({ err: error }, 'could not look for packaging work');
      }
    } while (this.isLookAgain && !this.running && !this.isClosed);
  }

  private run(job: PackagingJob): void {
    const abort = new AbortController();
    const done = this.runJob(job, abort)
      .then((finished) => {
        for (const listener of this.finishedListeners) listener(finished);
      })
      .catch((error: unknown) => this.logger.error({ err: error, recordingId: job.recordingId }, 'packaging job crashed'))
      .finally(() => {
        this.running = undefined;
        // There may be more: recordings that ended while this one was packaged.
        if (!this.isClosed) void this.poke();
      });
    this.running = { recordingId: job.recordingId, abort, done };
  }

  private async runJob(job: PackagingJob, abort: AbortController): Promise<PackagingFinished> {
    const { recordingId } = job;
    const logger = this.logger.child({ recordingId });
    const lease = new LeaseKeeper(job.lease, this.options.jobs, this.options.heartbeatEveryMs, () => abort.abort('lost'), logger);
    const finished = (outcome: PackagingOutcome, error?: string): PackagingFinished => ({ recordingId, outcome, ...(error ? { error } : {}) });
    logger.info({ attempts: job.attempts }, 'packaging');

    try {
      const [segments, timeline] = await Promise.all([
        this.options.recordings.segments(recordingId),
        this.options.recordings.timeline(recordingId),
      ]);
      if (segments.length === 0) {
        await lease.stop();
        return finished((await this.options.jobs.skip(lease.current)) ? 'skipped' : 'lost');
      }
      const result = await packageRecording(
        {
          recordingDir: recordingDir(this.options.recordingsDir, recordingId),
          segments,
          timeline,
          recordingDurationMs: job.recordingDurationMs,
          onProgress: (fraction) => lease.report(fraction),
          signal: abort.signal,
          mayPublish: () => lease.confirm(),
        },
        {
          ffmpegPath: this.options.ffmpegPath,
          niceness: this.options.niceness,
          logger,
          stopTimeoutMs: this.options.stopTimeoutMs,
          videoFormat: this.options.videoFormat,
        },
      );
      await lease.stop();
      return finished((await this.options.jobs.succeed(lease.current, result)) ? 'done' : 'lost');
    } catch (error) {
      await lease.stop();
      if (abort.signal.reason === 'lost') {
        logger.warn('packaging job taken over by another process; stopped here');
        return finished('lost');
      }
      if (error instanceof PackagingStopped) {
        await this.options.jobs.release(lease.current);
        return finished('released');
      }
      return this.fail(job, lease.current, error, logger);
    }
  }

  private async fail(job: PackagingJob, lease: PackagingLease, error: unknown, logger: Logger): Promise<PackagingFinished> {
    const { maxAttempts, retryDelaysMs } = this.options;
    const attempts = job.attempts + 1;
    // Only PackagingError messages are meant for organisers; anything else may carry paths.
    const message = error instanceof PackagingError ? error.message : 'packaging failed unexpectedly (see the server log)';
    const isGivingUp = attempts >= maxAttempts;
    const retryAt = isGivingUp ? null : Date.now() + retryDelaysMs[Math.min(attempts, retryDelaysMs.length) - 1]!;
    logger.error({ err: error, attempts, retryAt }, isGivingUp ? 'packaging failed; giving up' : 'packaging failed; will retry');
    const isHeld = await this.options.jobs.fail(lease, { attempts, error: message, retryAt });
    return { recordingId: job.recordingId, outcome: isHeld ? (isGivingUp ? 'failed' : 'retrying') : 'lost', error: message };
  }
}

/**
 * Keeps a claimed job's lease alive: writes the progress (at most once per
 * {@link PROGRESS_EVERY_MS}) and the heartbeat (at least once per
 * `heartbeatEveryMs`), one write at a time, each with the latest lease.
 * Calls `onLost` when the row says another process has the job now.
 */
class LeaseKeeper {
  private lease: PackagingLease;
  private progress = 0;
  private written = 0;
  private writtenAt = Date.now();
  /** Every renewal, chained: each presents the lease the previous one returned. */
  private writing: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    lease: PackagingLease,
    private readonly jobs: PackagingRepository,
    private readonly heartbeatEveryMs: number,
    private readonly onLost: () => void,
    private readonly logger: Logger,
  ) {
    this.lease = lease;
    this.timer = setInterval(() => this.tick(), PROGRESS_EVERY_MS);
  }

  /** The lease as last renewed: what the job's final write must present. */
  get current(): PackagingLease {
    return this.lease;
  }

  report(progress: number): void {
    this.progress = progress;
  }

  /** Renews now: whether this process still holds the job (when not, `onLost` has been called). */
  confirm(): Promise<boolean> {
    return this.renew();
  }

  /** No more renewals; resolves once a write under way has landed. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
  }

  private tick(): void {
    const isDue = this.progress !== this.written || Date.now() - this.writtenAt >= this.heartbeatEveryMs;
    if (this.queued > 0 || !isDue) return;
    // A database hiccup: the next tick tries again; if it lasts, the
    // heartbeat goes stale and another process takes the job over.
    void this.renew().catch((error: unknown) => this.logger.warn({ err: error }, 'could not renew the packaging heartbeat'));
  }

  private renew(): Promise<boolean> {
    this.queued += 1;
    const renewal = this.writing.then(async () => {
      const progress = this.progress;
      const now = Date.now();
      const renewed = await this.jobs.renew(this.lease, progress, now);
      if (!renewed) {
        this.onLost();
        return false;
      }
      this.lease = renewed;
      this.written = progress;
      this.writtenAt = now;
      return true;
    });
    this.writing = renewal.catch(() => undefined).finally(() => (this.queued -= 1));
    return renewal;
  }
}
