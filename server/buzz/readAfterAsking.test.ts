import { describe, expect, it } from 'vitest';
import { ReadAfterAsking } from './readAfterAsking.js';

/** A read per call of `read`, each settled by the test, in order. */
function createStore() {
  const pending: { key: string; resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  let value = 0;
  return {
    pending,
    set: (next: number) => void (value = next),
    read: (key: string) => new Promise<number>((resolve, reject) => pending.push({ key, resolve: () => resolve(value), reject })),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadAfterAsking', () => {
  it('gives those asking while a read is under way the next read, shared', async () => {
    const store = createStore();
    const reads = new ReadAfterAsking(store.read);
    const first = reads.get('s');
    // Asked once the first read is under way (it may predate what they must see): the next one, shared.
    const second = [reads.get('s'), reads.get('s'), reads.get('s')];
    expect(store.pending).toHaveLength(1);
    store.set(1);
    store.pending.shift()!.resolve(0);
    expect(await first).toBe(1);
    await settle();
    expect(store.pending).toHaveLength(1);
    store.set(2);
    store.pending.shift()!.resolve(0);
    expect(await Promise.all(second)).toEqual([2, 2, 2]);
    // Nothing under way: a new read.
    void reads.get('s');
    expect(store.pending).toHaveLength(1);
  });

  it('keeps keys apart, and reads again after a failure', async () => {
    const store = createStore();
    const reads = new ReadAfterAsking(store.read);
    const failed = reads.get('a');
    void reads.get('b');
    expect(store.pending.map((read) => read.key)).toEqual(['a', 'b']);
    const next = reads.get('a');
    store.pending.shift()!.reject(new Error('stalled'));
    await expect(failed).rejects.toThrow('stalled');
    await settle();
    expect(store.pending.map((read) => read.key)).toEqual(['b', 'a']);
    store.set(5);
    store.pending.pop()!.resolve(0);
    expect(await next).toBe(5);
  });
});
