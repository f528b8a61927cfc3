/**
 * One read shared by everyone who needs the same thing, until it changes.
 * When a whole session joins at once (a buzz round returning, a webinar's
 * start), a thousand people read the same room, chat page and questions:
 * the first asks the database, the others share its answer.
 *
 * Correctness rests on the caller: whatever writes what a key's reads
 * return calls {@link ReadCache.invalidate} after the write and before it
 * tells anyone (server/rooms/joinCache.ts does so as the change is
 * broadcast). A reader that started listening for changes before reading
 * then either gets an answer read after the change, or hears of the change
 * itself. Entries also expire after `ttlMs`, should an invalidation from
 * another process ever be lost.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; readAt: number }>();
  private readonly now: () => number;

  constructor(
    private readonly load: (key: string) => Promise<V>,
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The value for `key`: the read in flight or done since the last change, or a new one. */
  get(key: string): Promise<V> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.readAt < this.options.ttlMs) return entry.value;
    const fresh = { value: this.load(key), readAt: now };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    // A failed read is not kept: the next caller tries again.
    fresh.value.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    this.trim();
    return fresh.value;
  }

  /**
   * Sets what `key` reads without reading it: for what the caller has just
   * created and so knows (a buzz group's fresh room holds no message yet).
   */
  prime(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value: Promise.resolve(value), readAt: this.now() });
    this.trim();
  }

  /** What `key` reads has changed: later callers read again (callers of the read in flight keep it). */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops the oldest reads beyond the limit (entries are kept in the order they were read). */
  private trim(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
