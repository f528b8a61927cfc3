import { isLiveRound, type BuzzOutputs, type BuzzPlace, type BuzzRound, type BuzzSnapshot } from '../../../shared/buzz.js';
import type { RoomId } from '../../../shared/ids.js';
import { SequenceFollower, type SequenceFollowerOptions } from './SequenceFollower.js';

/** What a numbered buzz message says: the round (`buzz:changed`), our place (`buzz:assigned`), the end (`buzz:ended`), or nothing for us (`buzz:advanced`). */
export type BuzzMessageKind = 'round' | 'place' | 'ended' | null;

/**
 * Follows one stay's buzz sequence (see BuzzSnapshot in shared/buzz.ts). A
 * hole, or the server's check, makes it ask `buzz:resync`, whose answer is
 * the session's buzz state whole, as of its number.
 *
 * Messages from two server processes may arrive out of order, and each
 * holds every change numbered before it: so a round older than the one
 * held is not taken, nor a place older than the one held or than the end
 * of the round it was in.
 */
export class BuzzResync extends SequenceFollower<BuzzSnapshot> {
  /** The numbers of the round and of the place held (a snapshot holds both). */
  private roundSeq = 0;
  private placeSeq = 0;

  constructor(request: () => Promise<BuzzSnapshot>, take: (snapshot: BuzzSnapshot) => void, options: SequenceFollowerOptions = {}) {
    super(
      () => request(),
      (snapshot, highestSeen) => {
        // Older than a message already taken (read just before it): not
        // taken, and asked again, since a number beyond its head was seen.
        if (highestSeen <= snapshot.seq) {
          this.roundSeq = this.placeSeq = snapshot.seq;
          take(snapshot);
        }
        return { head: snapshot.seq, isWhole: true };
      },
      'buzz:resync',
      options,
    );
  }

  /** The join's snapshot, as of its number, is taken. */
  startAt(seq: number): void {
    this.roundSeq = this.placeSeq = seq;
    this.start(seq);
  }

  /**
   * A numbered buzz message arrived: follows the number, and says whether
   * what it holds is newer than what is held (to be taken).
   */
  admits(kind: BuzzMessageKind, seq: number): boolean {
    this.saw(seq);
    if (kind === 'place') {
      if (seq <= this.placeSeq) return false;
      this.placeSeq = seq;
      return true;
    }
    if (kind === null || seq <= this.roundSeq) return false;
    this.roundSeq = seq;
    // A place told before the end of its round is over with it.
    if (kind === 'ended') this.placeSeq = Math.max(this.placeSeq, seq);
    return true;
  }
}

/** What a resync shows was missed: a move (`buzz:assigned`) or the end of the round we were in (`buzz:ended`). */
export type MissedBuzzChange = { kind: 'assigned'; place: BuzzPlace } | { kind: 'ended'; outputs: BuzzOutputs | null };

/** The round and place this client held before a resync. */
export interface HeldBuzz {
  round: BuzzRound | null;
  place: BuzzPlace | null;
}


/** The group room a place puts us in; null for the main session. */
const roomOf = (place: BuzzPlace | null): RoomId | null => place?.group?.roomId ?? null;

/**
 * Compares where we stood with a resync's answer. Placed in another group
 * than the one held (moved, or a new round placed us) is a missed
 * `buzz:assigned`; the round we held running and now over (or replaced by
 * another) is a missed `buzz:ended`, with the outputs only if they are that
 * round's; sent to the main session while the round goes on is a missed
 * `buzz:assigned` again. Null when nothing moves us.
 */
export function missedBuzzChange(held: HeldBuzz, snapshot: BuzzSnapshot): MissedBuzzChange | null {
  const { place } = snapshot;
  const placedIn = roomOf(place);
  const isMoved = place !== null && placedIn !== roomOf(held.place);
  if (isMoved && placedIn !== null) return { kind: 'assigned', place };
  const heldRound = held.round;
  if (isLiveRound(heldRound) && !(isLiveRound(snapshot.round) && snapshot.round.roundId === heldRound.roundId)) {
    return { kind: 'ended', outputs: snapshot.outputs?.roundId === heldRound.roundId ? snapshot.outputs : null };
  }
  return isMoved ? { kind: 'assigned', place } : null;
}
