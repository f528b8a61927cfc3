import { AppError } from '../../shared/errors.js';
import type { Seat } from '../../shared/events.js';
import type { PeerId } from '../../shared/ids.js';

/**
 * One person's place in a session, as a small state machine:
 *
 * ```
 *   audience ──raise──▶ audience (hand up) ──invite──▶ invited ──accept──▶ stage
 *      ▲  ◀──lower──────────┘                            │ decline            │
 *      │                     ◀──────────────────────────┘                    │
 *      └────────────────────── send to audience / step down ◀────────────────┘
 * ```
 *
 * Anyone in the audience may be invited, hand up or not; accepting lowers the hand.
 */
export type Place =
  | { name: 'audience'; handRaisedAt: number | null }
  | { name: 'invited'; handRaisedAt: number | null }
  | { name: 'stage' };

/**
 * Who sits where in one room, with the stage's size limit. Pure: no
 * sockets, no media; the room applies the consequences (closing producers).
 */
export class Stage {
  private readonly places = new Map<PeerId, Place>();
  private lastRaisedAt = -Infinity;

  constructor(readonly limit: number) {}

  get stageCount(): number {
    return [...this.places.values()].filter((place) => place.name === 'stage').length;
  }

  get isFull(): boolean {
    return this.stageCount >= this.limit;
  }

  /** Seats a newcomer: on stage when their role belongs there and it has room, else in the audience. */
  admit(peerId: PeerId, wantsStage: boolean): Seat {
    const place: Place = wantsStage && !this.isFull ? { name: 'stage' } : { name: 'audience', handRaisedAt: null };
    this.places.set(peerId, place);
    return seatOf(place);
  }

  forget(peerId: PeerId): void {
    this.places.delete(peerId);
  }

  place(peerId: PeerId): Place {
    const place = this.places.get(peerId);
    if (!place) throw new AppError('NOT_FOUND', 'no such person in this room');
    return place;
  }

  seat(peerId: PeerId): Seat {
    return seatOf(this.place(peerId));
  }

  raiseHand(peerId: PeerId, now: number): void {
    const place = this.place(peerId);
    if (place.name === 'stage') throw new AppError('CONFLICT', 'you are on stage');
    // Raising again keeps the first time: nobody jumps the queue by re-raising.
    if (place.handRaisedAt !== null) return;
    // Strictly increasing, so two hands raised in the same millisecond still
    // have an order every client agrees on.
    this.lastRaisedAt = Math.max(now, this.lastRaisedAt + 1);
    place.handRaisedAt = this.lastRaisedAt;
  }

  lowerHand(peerId: PeerId): void {
    const place = this.place(peerId);
    if (place.name !== 'stage') place.handRaisedAt = null;
  }

  invite(peerId: PeerId): void {
    const place = this.place(peerId);
    if (place.name === 'stage') throw new AppError('CONFLICT', 'already on stage');
    if (place.name === 'invited') throw new AppError('CONFLICT', 'already invited; waiting for an answer');
    if (this.isFull) throw new AppError('CONFLICT', `the stage is full (${this.limit} people)`);
    this.places.set(peerId, { name: 'invited', handRaisedAt: place.handRaisedAt });
  }

  /** The invited person's answer. Accepting when the stage filled up meanwhile is refused. */
  respond(peerId: PeerId, accept: boolean): Seat {
    const place = this.place(peerId);
    if (place.name !== 'invited') throw new AppError('CONFLICT', 'there is no invitation to answer');
    if (!accept) {
      this.places.set(peerId, { name: 'audience', handRaisedAt: place.handRaisedAt });
      return 'audience';
    }
    if (this.isFull) {
      this.places.set(peerId, { name: 'audience', handRaisedAt: place.handRaisedAt });
      throw new AppError('CONFLICT', `the stage filled up (${this.limit} people)`);
    }
    this.places.set(peerId, { name: 'stage' });
    return 'stage';
  }

  /** An invitation nobody answered any more (the invited person's role no longer belongs on stage). */
  withdrawInvitation(peerId: PeerId): void {
    const place = this.place(peerId);
    if (place.name === 'invited') this.places.set(peerId, { name: 'audience', handRaisedAt: place.handRaisedAt });
  }

  /** From the stage to the audience (sent by a moderator, or stepping down). */
  toAudience(peerId: PeerId): void {
    if (this.place(peerId).name !== 'stage') throw new AppError('CONFLICT', 'not on stage');
    this.places.set(peerId, { name: 'audience', handRaisedAt: null });
  }
}

export function seatOf(place: Place): Seat {
  return place.name === 'stage' ? 'stage' : 'audience';
}
