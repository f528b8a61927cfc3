import type { StageNumbers, StageStamp, StageView } from '../../../shared/events.js';
import { SequenceFollower, type SequenceFollowerOptions } from './SequenceFollower.js';

/**
 * Follows one stay's sequence of the room's live state (who is here, hands,
 * the stage, tracks, the speaker: see StageStamp in shared/events.ts). A
 * hole, or the server's check, makes it ask `stage:resync`, whose answer is
 * the state whole, as of its number. Numbers are followed only for the room
 * the join answered from (its epoch): a room opened again, or the same
 * session's room on another process, numbers afresh, and what it says is
 * applied without being followed.
 */
export class StageResync extends SequenceFollower<StageView> {
  private epoch: string | null = null;
  /** While joining: the highest number seen per epoch (the join's answer says which epoch is ours). */
  private readonly seenWhileJoining = new Map<string, number>();

  constructor(request: () => Promise<StageView>, take: (view: StageView) => void, options: SequenceFollowerOptions = {}) {
    super(
      () => request(),
      (view, highestSeen) => {
        // Older than a change already applied (read just before another
        // connection's change went out): taking it would undo that change
        // (our seat back on stage, devices on). Not taken; asked again,
        // since a number beyond its head was seen.
        if (highestSeen <= view.stamp.seq) take(view);
        return { head: view.stamp.seq, isWhole: true };
      },
      'stage:resync',
      options,
    );
  }

  /** The join's answer holds the live state as of `stamp`. */
  startAt(stamp: StageStamp): void {
    if (this.epoch !== null) return;
    this.epoch = stamp.epoch;
    this.start(stamp.seq);
    // Told while the join was under way, after its reading: applied to what the join's answer replaced.
    if ((this.seenWhileJoining.get(stamp.epoch) ?? 0) > stamp.seq) this.checkNow();
    this.seenWhileJoining.clear();
  }

  /** A change of the live state arrived with its number (already applied), or without one (told by another process). */
  sawStamp(stamp: StageStamp | undefined): void {
    if (stamp) this.sawNumber(stamp.epoch, stamp.seq);
  }

  /** Numbers of changes we may not see (`stage:advanced`). */
  sawNumbers({ epoch, ranges }: StageNumbers): void {
    for (const [from, to] of ranges) for (let seq = from; seq <= to; seq++) this.sawNumber(epoch, seq);
  }

  private sawNumber(epoch: string, seq: number): void {
    if (this.epoch === null) {
      this.seenWhileJoining.set(epoch, Math.max(seq, this.seenWhileJoining.get(epoch) ?? 0));
      return;
    }
    if (epoch === this.epoch) this.saw(seq);
  }
}
