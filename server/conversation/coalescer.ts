/**
 * Runs at most one task per key per window: the first request for a key
 * starts the window, later ones in it are folded into the same run. Used for
 * what changes many times a second but is worth sending only a few times
 * (poll tallies while people vote, bursts of reactions).
 */
export class Coalescer {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly windowMs: number) {}

  schedule(key: string, run: () => void): void {
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        run();
      }, this.windowMs),
    );
  }

  /** Drops every pending run (shutdown). */
  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
