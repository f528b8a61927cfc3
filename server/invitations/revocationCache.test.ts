import { describe, expect, it } from 'vitest';
import { RevocationCache } from './revocationCache.js';

/** A cache over a fake table of revoked ids, counting the lookups it makes. */
function cacheOver(revoked: Set<string>, options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 0;
  const lookups: string[] = [];
  const cache = new RevocationCache(
    async (id) => {
      lookups.push(id);
      return revoked.has(id);
    },
    { ttlMs: options.ttlMs ?? 5_000, maxEntries: options.maxEntries ?? 100, now: () => now },
  );
  return { cache, lookups, advance: (ms: number) => (now += ms) };
}

describe('RevocationCache', () => {
  it('asks once per invitation while the answer is fresh, however many join', async () => {
    const { cache, lookups } = cacheOver(new Set());
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.isRevoked('a')));
    expect(answers.every((answer) => !answer)).toBe(true);
    await cache.isRevoked('a');
    expect(lookups).toEqual(['a']);
  });

  it('hears a revocation made elsewhere once the answer is stale', async () => {
    const revoked = new Set<string>();
    const { cache, lookups, advance } = cacheOver(revoked, { ttlMs: 5_000 });
    expect(await cache.isRevoked('a')).toBe(false);
    revoked.add('a');
    advance(4_999);
    expect(await cache.isRevoked('a')).toBe(false);
    advance(1);
    expect(await cache.isRevoked('a')).toBe(true);
    expect(lookups).toEqual(['a', 'a']);
  });

  it('knows a revocation made here at once, and keeps a revocation for good', async () => {
    const { cache, lookups, advance } = cacheOver(new Set());
    expect(await cache.isRevoked('a')).toBe(false);
    cache.markRevoked('a');
    expect(await cache.isRevoked('a')).toBe(true);
    advance(24 * 3_600_000);
    expect(await cache.isRevoked('a')).toBe(true);
    expect(lookups).toEqual(['a']);
  });

  it('stays bounded, forgetting the oldest answers first', async () => {
    const { cache, lookups } = cacheOver(new Set(), { maxEntries: 2 });
    await cache.isRevoked('a');
    await cache.isRevoked('b');
    await cache.isRevoked('c');
    await cache.isRevoked('c');
    await cache.isRevoked('b');
    await cache.isRevoked('a');
    expect(lookups).toEqual(['a', 'b', 'c', 'a']);
  });
});
