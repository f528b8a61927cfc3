import { mediaRetryDelayMs } from '../session/retryPolicy.js';

/**
 * What the person is told about their media connection, apart from the
 * room's: `ok` (flowing, or nothing to connect yet), `failed` (a transport
 * could not connect: the network lets the signalling through but not the
 * media, and we try again on our own, with backoff) or `retrying` (an
 * attempt is under way).
 */
export type MediaLinkStatus = 'ok' | 'failed' | 'retrying';

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
 * room stay as they are meanwhile.
 */
export class TransportRecovery {
  private status: MediaLinkStatus = 'ok';
  private failures = 0;
  /** A scheduled attempt, or the deadline of a connection that must connect in time. */
  private timer: ReturnType<typeof setTimeout> | null = null;
  private isAttempting = false;
  private isClosed = false;

  constructor(private readonly options: TransportRecoveryOptions) {}

  get currentStatus(): MediaLinkStatus {
    return this.status;
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
    void this.attempt();
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
      void this.attempt();
    }, delay);
  }

  private async attempt(): Promise<void> {
    this.isAttempting = true;
    this.setStatus('retrying');
    let isMade = true;
    try {
      await this.options.recover();
    } catch {
      isMade = false;
    } finally {
      this.isAttempting = false;
    }
    if (this.isClosed || this.status === 'ok') return;
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
