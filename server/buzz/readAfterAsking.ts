/**
 * Shares reads among callers, each getting a read that began after it
 * asked: a read under way when someone asks may predate what they must see
 * (a change told before they listened), so they wait for the next one,
 * which everyone asking meanwhile shares. At most one read per key under
 * way and one waiting: a thousand joins at once cost a handful of reads.
 */
export class ReadAfterAsking<K, T> {
  private readonly underWay = new Map<K, Promise<T>>();
  private readonly waiting = new Map<K, Promise<T>>();

  constructor(private readonly read: (key: K) => Promise<T>) {}

  get(key: K): Promise<T> {
    const waiting = this.waiting.get(key);
    if (waiting) return waiting;
    const underWay = this.underWay.get(key);
    if (!underWay) return this.start(key);
    const next = underWay.then(
      () => this.startWaiting(key),
      () => this.startWaiting(key),
    );
    this.waiting.set(key, next);
    return next;
  }

  private startWaiting(key: K): Promise<T> {
    this.waiting.delete(key);
    return this.start(key);
  }

  private start(key: K): Promise<T> {
    const read = this.read(key);
    this.underWay.set(key, read);
    const forget = () => {
      if (this.underWay.get(key) === read) this.underWay.delete(key);
    };
    void read.then(forget, forget);
    return read;
  }
}
