import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { MEDIA_CODECS } from './mediaCodecs.js';

export interface WorkerPoolOptions {
  size: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logger: Logger;
}

interface Slot {
  index: number;
  minPort: number;
  maxPort: number;
  worker: types.Worker | null;
  /** People seated on this slot's worker, across rooms: the load used to seat a newcomer. */
  seated: number;
  /** Set while a replacement worker is being started. */
  starting: Promise<types.Worker> | null;
}

/**
 * Owns the mediasoup workers: one per slot, each with its own slice of the
 * RTC port range so workers never compete for a port. A worker that dies is
 * reported to listeners (whose routers died with it) and replaced.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly diedListeners = new Set<(pid: number) => void>();
  private readonly slotOfRouter = new WeakMap<types.Router, Slot>();
  private closed = false;

  private constructor(private readonly options: WorkerPoolOptions) {
    const span = Math.floor((options.rtcMaxPort - options.rtcMinPort + 1) / options.size);
    if (span < 2) throw new Error('RTC port range too small for the number of media workers');
    this.slots = Array.from({ length: options.size }, (_, index) => ({
      index,
      minPort: options.rtcMinPort + index * span,
      maxPort: options.rtcMinPort + (index + 1) * span - 1,
      worker: null,
      seated: 0,
      starting: null,
    }));
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    await Promise.all(pool.slots.map((slot) => pool.start(slot)));
    return pool;
  }

  /** Called with the dead worker's pid, after its routers have closed. */
  onWorkerDied(listener: (pid: number) => void): () => void {
    this.diedListeners.add(listener);
    return () => this.diedListeners.delete(listener);
  }

  /** True when every slot has a live worker. */
  isReady(): boolean {
    return !this.closed && this.slots.every((slot) => slot.worker && !slot.worker.closed);
  }

  /** Pids of the live workers (operations and tests). */
  pids(): number[] {
    return this.slots.flatMap((slot) => (slot.worker && !slot.worker.closed ? [slot.worker.pid] : []));
  }

  /**
   * One router on every worker, for a room whose audience is spread over all
   * cores. Waits for a replacement when no worker is alive.
   */
  async createRouters(): Promise<types.Router[]> {
    if (this.closed) throw new Error('worker pool is closed');
    const live = this.slots.filter((slot) => slot.worker && !slot.worker.closed);
    const slots = live.length ? live : [this.slots[0]!];
    return Promise.all(slots.map((slot) => this.createRouterOn(slot)));
  }

  /**
   * How busy a router's worker is, across every room: the people seated on
   * it. Each viewer consumes about the same (the stage), so this tracks the
   * forwarding work, and it counts a newcomer at once, before their
   * transports exist, so a crowd arriving together still spreads out.
   */
  load(router: types.Router): number {
    return this.slotOfRouter.get(router)?.seated ?? 0;
  }

  /** Counts someone on the router's worker; call the returned function once they are gone. */
  seat(router: types.Router): () => void {
    const slot = this.slotOfRouter.get(router);
    if (!slot) return () => undefined;
    const worker = slot.worker;
    slot.seated += 1;
    let released = false;
    return () => {
      // A replaced worker starts from zero; do not let the old seats go negative.
      if (released || slot.worker !== worker) return;
      released = true;
      slot.seated -= 1;
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) slot.worker?.close();
  }

  private async createRouterOn(slot: Slot): Promise<types.Router> {
    const worker = slot.worker && !slot.worker.closed ? slot.worker : await this.start(slot);
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    this.slotOfRouter.set(router, slot);
    return router;
  }

  private start(slot: Slot): Promise<types.Worker> {
    slot.starting ??= this.spawn(slot).finally(() => {
      slot.starting = null;
    });
    return slot.starting;
  }

  private async spawn(slot: Slot): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      rtcMinPort: slot.minPort,
      rtcMaxPort: slot.maxPort,
    });
    slot.worker = worker;
    slot.seated = 0;
    this.options.logger.info({ pid: worker.pid, slot: slot.index }, 'media worker started');
    worker.on('died', (error) => this.handleDeath(slot, worker, error));
    return worker;
  }

  private handleDeath(slot: Slot, worker: types.Worker, error: Error): void {
    this.options.logger.error({ pid: worker.pid, slot: slot.index, err: error }, 'media worker died');
    if (slot.worker === worker) slot.worker = null;
    for (const listener of this.diedListeners) listener(worker.pid);
    if (this.closed) return;
    void this.replace(slot);
  }

  /** Starts a new worker in the slot, retrying with back-off: the process must stay useful. */
  private async replace(slot: Slot, attempt = 1): Promise<void> {
    try {
      await this.start(slot);
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      this.options.logger.error({ err: error, slot: slot.index, attempt, delay }, 'media worker restart failed');
      setTimeout(() => void this.replace(slot, attempt + 1), delay).unref();
    }
  }
}
