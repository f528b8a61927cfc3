import { mediaRetryDelayMs } from '../session/retryPolicy.js';

/**
 * What the person is told about their media connection, apart from the
 * room's: `ok` (flowing, or nothing to connect yet), `failed` (a transport
 * could not connect: the network lets the signalling through but not the
 * media, and we try again on our own, with backoff) or `retrying` (an
 * attempt is under way).
 */
export type MediaLinkStatus = 'ok' | 'failed' | 'retrying';

/** What started an attempt: the backoff's timer, or the person ("Try again"). */
export type RecoveryTrigger = 'backoff' | 'person';

/** A transport's connection state, as mediasoup-client reports it (RTCPeerConnectionState). */
export type TransportConnectionState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/**
 * A transport that has been connecting this long will not connect: a
 * firewall or VPN drops its packets. Browsers take from a few seconds
 * (Firefox) to half a minute (Chromium) to say "failed" by themselves.
 */
export const STUCK_AFTER_MS = 15_000;

/** A connection that dropped ("disconnected") often comes back by itself within a few seconds. */
export const DISCONNECTED_GRACE_MS = 5_000;

export interface TransportRecoveryOptions {
  /**
   * One attempt to get the transport connected again (an ICE restart, or a
   * new transport when the server no longer has it). Resolves once the
   * attempt is made; the connection states that follow tell how it went.
   */
  recover(): Promise<void>;
  onStatusChange(status: MediaLinkStatus): void;
  random?: () => number;
}

/**
 * Watches one direction's transport (sending or receiving) and keeps it
 * connected without leaving the room: a transport that fails, stays stuck
 * connecting, or stays disconnected is recovered again and again, with
 * backoff, until it connects. The person's seat and everything else in the
 * room stay as they are meanwhile. When the transport is replaced (or
 * dropped, with nothing left to send), {@link startOver} watches its
 * successor from its start.
 */
export class TransportRecovery {
  private status: MediaLinkStatus = 'ok';
  private failures = 0;
  /** A scheduled attempt, or the deadline of a connection that must connect in time. */
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Which transport is watched: bumped by {@link startOver}, so an attempt made for an older one no longer counts. */
  private transportNumber = 0;
  /** The transport an attempt is under way for, if any. */
  private attemptingFor: number | null = null;
  private readonly attemptCounts: Record<RecoveryTrigger, number> = { backoff: 0, person: 0 };
  private isClosed = false;

  constructor(private readonly options: TransportRecoveryOptions) {}

  get currentStatus(): MediaLinkStatus {
    return this.status;
  }

  /** Attempts made so far, by what started them (diagnostics: a test tells "Try again" from the backoff). */
  get attempts(): Readonly<Record<RecoveryTrigger, number>> {
    return { ...this.attemptCounts };
  }

  private get isAttempting(): boolean {
    return this.attemptingFor === this.transportNumber;
  }

  /** Feeds a connection state change of the transport watched. */
  handleState(state: TransportConnectionState): void {
    if (this.isClosed) return;
    switch (state) {
      case 'connected':
        this.clearTimer();
        this.failures = 0;
        this.setStatus('ok');
        return;
      case 'connecting':
        this.expectConnectedWithin(STUCK_AFTER_MS);
        return;
      case 'disconnected':
        this.expectConnectedWithin(DISCONNECTED_GRACE_MS);
        return;
      case 'failed':
        // An attempt under way reports its outcome through the states that follow it.
        if (!this.isAttempting) this.fail();
        return;
      case 'new':
      case 'closed':
        return;
    }
  }

  /** The person asked ("Try again"): an attempt now, instead of at the next step of the backoff. */
  retryNow(): void {
    if (this.isClosed || this.status !== 'failed' || this.isAttempting) return;
    this.clearTimer();
    void this.attempt('person');
  }

  /**
   * The transport watched is gone: a new one took its place, or none did
   * (nothing left to send). Its trouble went with it, so the status is ok
   * again and an attempt under way for it no longer counts; the next
   * transport is watched from its first state. A transport nobody uses
   * never starts to connect, and has nothing to recover. The backoff goes
   * on: a successor that fails too waits longer before the next attempt.
   */
  startOver(): void {
    if (this.isClosed) return;
    this.clearTimer();
    this.transportNumber += 1;
    this.setStatus('ok');
  }

  close(): void {
    this.isClosed = true;
    this.clearTimer();
  }

  private expectConnectedWithin(ms: number): void {
    // A deadline already running (or an attempt scheduled) is not pushed back.
    if (this.timer !== null || this.isAttempting) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fail();
    }, ms);
  }

  private fail(): void {
    if (this.isClosed) return;
    this.clearTimer();
    this.setStatus('failed');
    const delay = mediaRetryDelayMs(this.failures, this.options.random);
    this.failures += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.attempt('backoff');
    }, delay);
  }

  private async attempt(trigger: RecoveryTrigger): Promise<void> {
    const transport = this.transportNumber;
    this.attemptingFor = transport;
    this.attemptCounts[trigger] += 1;
    this.setStatus('retrying');
    let isMade = true;
    try {
      await this.options.recover();
    } catch {
      isMade = false;
    } finally {
      if (this.attemptingFor === transport) this.attemptingFor = null;
    }
    // Connected meanwhile, or the transport was replaced: its successor's states tell from now on.
    if (this.isClosed || this.status === 'ok' || transport !== this.transportNumber) return;
    // The attempt connects within the usual time, or counts as failed.
    if (isMade) this.expectConnectedWithin(STUCK_AFTER_MS);
    else this.fail();
  }

  private setStatus(status: MediaLinkStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onStatusChange(status);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** One status for the person from both directions: the worst of them. */
export function combineLinkStatus(statuses: Iterable<MediaLinkStatus>): MediaLinkStatus {
  let combined: MediaLinkStatus = 'ok';
  for (const status of statuses) {
    if (status === 'failed') return 'failed';
    if (status === 'retrying') combined = 'retrying';
  }
  return combined;
}
