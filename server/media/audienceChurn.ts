import type { PeerChange, PeerInfo } from '../../shared/events.js';
import type { PeerId } from '../../shared/ids.js';

/**
 * Audience members coming and going in a large room, announced together.
 * When a whole session moves (buzz groups splitting or returning), telling
 * everyone of each arrival and departure costs N² messages: 1,000 people
 * mean half a million, seconds of a core. Batched over a short window, each
 * person gets one message per window instead.
 *
 * Arrivals are described when the batch goes out, not when they happened,
 * so a batch never carries an older state than an update sent meanwhile;
 * someone who arrived and left within the window is announced as leaving
 * only.
 */
export class AudienceChurn<P> {
  private changes: ({ joined: P } | { left: PeerId })[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly windowMs: number,
    /** The peer as announced now, or null if it is no longer in the room. */
    private readonly describe: (peer: P) => PeerInfo | null,
    private readonly send: (changes: PeerChange[]) => void,
  ) {}

  joined(peer: P): void {
    this.changes.push({ joined: peer });
    this.schedule();
  }

  left(peerId: PeerId): void {
    this.changes.push({ left: peerId });
    this.schedule();
  }

  /** Sends what is pending now (the room is about to say something that must come after it). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.changes;
    this.changes = [];
    const changes: PeerChange[] = [];
    for (const change of pending) {
      if ('left' in change) {
        changes.push(change);
        continue;
      }
      const info = this.describe(change.joined);
      if (info) changes.push({ joined: info });
    }
    if (changes.length > 0) this.send(changes);
  }

  /** Drops what is pending (the room closed: everyone is leaving anyway). */
  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.changes = [];
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), this.windowMs);
    this.timer.unref();
  }
}
