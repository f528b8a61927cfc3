import type { Reaction, ReactionCounts } from '../../shared/conversation.js';
import type { RoomId } from '../../shared/ids.js';
import { Coalescer } from './coalescer.js';

/**
 * Counts the reactions of each room over a short window and hands them on
 * as one burst: a thousand claps cost a few messages, not a thousand
 * broadcasts. Each process counts what its own sockets send.
 */
export class ReactionBursts {
  private readonly counting = new Map<RoomId, ReactionCounts>();
  private readonly window: Coalescer;

  constructor(
    windowMs: number,
    private readonly send: (roomId: RoomId, counts: ReactionCounts) => void,
  ) {
    this.window = new Coalescer(windowMs);
  }

  add(roomId: RoomId, reaction: Reaction): void {
    const counts = this.counting.get(roomId) ?? {};
    counts[reaction] = (counts[reaction] ?? 0) + 1;
    this.counting.set(roomId, counts);
    this.window.schedule(roomId, () => {
      const burst = this.counting.get(roomId);
      this.counting.delete(roomId);
      if (burst) this.send(roomId, burst);
    });
  }

  close(): void {
    this.window.close();
    this.counting.clear();
  }
}
