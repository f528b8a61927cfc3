/**
 * A room's change sequence, as a client follows it.
 *
 * Every change to what people see in a room's conversation (a chat message
 * posted, edited or deleted; a question asked, moderated, withdrawn or
 * upvoted; a poll created, opened, closed, shared or its tally moved) takes
 * the room's next number in the database, in the same transaction as the
 * change (server/db/migrations: "RoomChange"). Every client hears of every
 * number: the change itself when they may see it, a bare `room:advanced`
 * when they may not. A number that does not arrive means a broadcast was
 * lost (Redis went away, a process died between writing and telling), and
 * the client asks for what changed since the last number it holds in an
 * unbroken run (`room:catch-up`), which the server answers from the
 * database. Plain code (no zod, no timers), so the client, the fault tests
 * and the unit tests follow the same rules.
 */

/** How long a hole in the sequence may stay open before the client asks: broadcasts from two processes may cross. */
export const GAP_PATIENCE_MS = 500;

export class ChangeSequence {
  /** Every change up to here is held. */
  private held: number;
  /** Numbers seen beyond `held`, waiting for the hole before them to fill. */
  private readonly ahead = new Set<number>();

  constructor(head = 0) {
    this.held = head;
  }

  /** The last number of the unbroken run: what to ask from (`since`). */
  get head(): number {
    return this.held;
  }

  /** The highest number seen, held or beyond a hole. */
  get highest(): number {
    let highest = this.held;
    for (const seq of this.ahead) if (seq > highest) highest = seq;
    return highest;
  }

  /** Whether a hole is open (a later number arrived before an earlier one). */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /** One change arrived. Returns whether a hole is open now. */
  saw(changeSeq: number): boolean {
    if (changeSeq > this.held) {
      this.ahead.add(changeSeq);
      while (this.ahead.delete(this.held + 1)) this.held += 1;
    }
    return this.hasGap;
  }

  /**
   * The client holds everything up to `head` (a catch-up's or a snapshot's
   * answer): the run reaches at least there, then on through numbers
   * already seen beyond it.
   */
  caughtUpTo(head: number): void {
    if (head > this.held) this.held = head;
    for (const seq of this.ahead) if (seq <= this.held) this.ahead.delete(seq);
    while (this.ahead.delete(this.held + 1)) this.held += 1;
  }
}

/**
 * Whether a record arriving with `incoming` should replace the one held
 * with `held`: a broadcast and a catch-up may bring the same record twice,
 * or an older state after a newer one.
 */
export function isNewer(incoming: number, held: number | undefined): boolean {
  return held === undefined || incoming > held;
}
