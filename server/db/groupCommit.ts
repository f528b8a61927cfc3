/**
 * Small writes of the same kind, sent together. The first goes out at
 * once; those that arrive while it runs wait and go out in one batch when
 * it is done, and so on. Quiet, a write costs what it did alone; when a
 * whole session moves (a thousand attendance rows within a second), one
 * statement per round trip instead of one per person.
 */
export class GroupCommit<T> {
  private waiting: { item: T; done: (error?: unknown) => void }[] = [];
  private isWriting = false;

  constructor(
    /**
     * Writes a batch (`items` is never empty). It may answer per item: an
     * error at an item's index fails that item only.
     */
    private readonly write: (items: T[]) => Promise<readonly unknown[] | void>,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once the batch holding `item` is written (rejects if that batch failed). */
  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.isWriting) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.isWriting = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const errors = await this.write(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.done(errors?.[index] ?? undefined));
      } catch (error) {
        for (const entry of batch) entry.done(error ?? new Error('the batch failed'));
      }
    }
    this.isWriting = false;
  }
}
