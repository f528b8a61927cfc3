import { describe, expect, it } from 'vitest';
import { ReadCache } from './readCache.js';

function counting(values: Record<string, number>) {
  const reads: string[] = [];
  const load = (key: string) => {
    reads.push(key);
    return Promise.resolve(values[key] ?? 0);
  };
  return { reads, load };
}

describe('ReadCache', () => {
  it('shares one read among everyone asking for the same key, in flight and after', async () => {
    const { reads, load } = counting({ a: 1 });
    const cache = new ReadCache(load, { ttlMs: 10_000, maxEntries: 10 });
    const [first, second] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(await cache.get('a')).toBe(1);
    expect([first, second]).toEqual([1, 1]);
    expect(reads).toEqual(['a']);
  });

  it('reads again after an invalidation, and keys do not share', async () => {
    const values = { a: 1, b: 2 };
    const { reads, load } = counting(values);
    const cache = new ReadCache(load, { ttlMs: 10_000, maxEntries: 10 });
    expect(await cache.get('a')).toBe(1);
    values.a = 5;
    expect(await cache.get('a')).toBe(1);
    cache.invalidate('a');
    expect(await cache.get('a')).toBe(5);
    expect(await cache.get('b')).toBe(2);
    expect(reads).toEqual(['a', 'a', 'b']);
  });

  it('a read that started before an invalidation is not handed to later callers', async () => {
    let release: (value: number) => void = () => undefined;
    let calls = 0;
    const cache = new ReadCache(
      () => {
        calls++;
        return calls === 1 ? new Promise<number>((resolve) => (release = resolve)) : Promise.resolve(2);
      },
      { ttlMs: 10_000, maxEntries: 10 },
    );
    const early = cache.get('a');
    cache.invalidate('a');
    const late = cache.get('a');
    release(1);
    expect([await early, await late]).toEqual([1, 2]);
  });

  it('expires entries after the ttl and forgets failed reads', async () => {
    let now = 0;
    let fail = true;
    let calls = 0;
    const cache = new ReadCache(
      () => {
        calls++;
        return fail ? Promise.reject(new Error('down')) : Promise.resolve(calls);
      },
      { ttlMs: 100, maxEntries: 10, now: () => now },
    );
    await expect(cache.get('a')).rejects.toThrow('down');
    fail = false;
    expect(await cache.get('a')).toBe(2);
    now = 99;
    expect(await cache.get('a')).toBe(2);
    now = 100;
    expect(await cache.get('a')).toBe(3);
  });

  it('keeps each value as long as lifetimeOf says: a final answer for good, others for the ttl', async () => {
    let now = 0;
    const values: Record<string, boolean> = { final: true, open: false };
    const reads: string[] = [];
    const cache = new ReadCache(
      (key) => {
        reads.push(key);
        return Promise.resolve(values[key] ?? false);
      },
      { ttlMs: 100, maxEntries: 10, now: () => now, lifetimeOf: (isFinal) => (isFinal ? Infinity : 100) },
    );
    expect([await cache.get('final'), await cache.get('open')]).toEqual([true, false]);
    cache.prime('primed', true);
    now = 24 * 3_600_000;
    expect([await cache.get('final'), await cache.get('open'), await cache.get('primed')]).toEqual([true, false, true]);
    expect(reads).toEqual(['final', 'open', 'open']);
  });

  it('takes a primed value as read, until it changes', async () => {
    const { reads, load } = counting({ a: 7 });
    const cache = new ReadCache(load, { ttlMs: 10_000, maxEntries: 10 });
    cache.prime('a', 1);
    expect(await cache.get('a')).toBe(1);
    cache.invalidate('a');
    expect(await cache.get('a')).toBe(7);
    expect(reads).toEqual(['a']);
  });

  it('keeps at most maxEntries, dropping the oldest read', async () => {
    const { reads, load } = counting({});
    const cache = new ReadCache(load, { ttlMs: 10_000, maxEntries: 2 });
    await cache.get('a');
    await cache.get('b');
    await cache.get('c');
    expect(cache.size).toBe(2);
    await cache.get('c');
    await cache.get('a');
    expect(reads).toEqual(['a', 'b', 'c', 'a']);
  });
});
