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
 * another process ever be lost; an answer that can never change again (a
 * revoked invitation) may be kept for good (`lifetimeOf`).
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;

  constructor(
    private readonly load: (key: string) => Promise<V>,
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
      /** How long a value is believed once read (default `ttlMs`): Infinity for a final answer. */
      lifetimeOf?(value: V): number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The value for `key`: the read in flight or done since the last change, or a new one. */
  get(key: string): Promise<V> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.readAt < entry.lifetimeMs) return entry.value;
    const fresh: Entry<V> = { value: this.load(key), readAt: now, lifetimeMs: this.options.ttlMs };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    fresh.value.then(
      (value) => {
        fresh.lifetimeMs = this.lifetimeOf(value);
      },
      // A failed read is not kept: the next caller tries again.
      () => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      },
    );
    this.trim();
    return fresh.value;
  }

  /**
   * Sets what `key` reads without reading it: for what the caller has just
   * created or changed and so knows (a buzz group's fresh room holds no
   * message yet; an invitation this process revoked).
   */
  prime(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value: Promise.resolve(value), readAt: this.now(), lifetimeMs: this.lifetimeOf(value) });
    this.trim();
  }

  /** What `key` reads has changed: later callers read again (callers of the read in flight keep it). */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  /** Everything may have changed (invalidations were lost): later callers read again. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private lifetimeOf(value: V): number {
    return this.options.lifetimeOf?.(value) ?? this.options.ttlMs;
  }

  /** Drops the oldest reads beyond the limit (entries are kept in the order they were read). */
  private trim(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) return;
      this.entries.delete(key);
    }
  }
}

interface Entry<V> {
  value: Promise<V>;
  readAt: number;
  /** Until the value is known, the ttl: callers of a read in flight share it. */
  lifetimeMs: number;
}
