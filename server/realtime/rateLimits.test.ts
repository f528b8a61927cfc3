import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RateLimits, type RateLimitSettings } from './rateLimits.js';

const settings: RateLimitSettings = {
  socketEvents: 5,
  messages: 3,
  reactions: 4,
  votes: 2,
  floodStrikes: 3,
  joins: 3,
  addressIdentities: 2,
  addressJoins: 4,
};
const silent = pino({ level: 'silent' });
const ama = { userId: 'ama', address: '203.0.113.7' };
const bo = { userId: 'bo', address: '203.0.113.8' };

async function outcomes(count: number, take: () => Promise<number | null>): Promise<string[]> {
  const results: string[] = [];
  for (let index = 0; index < count; index += 1) results.push((await take()) === null ? 'ok' : 'limited');
  return results;
}

describe('rate limits (in memory)', () => {
  it('gives each socket its own budget of events', async () => {
    const limits = new RateLimits(settings, silent);
    expect(await outcomes(6, () => limits.socketEvent('a'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'limited']);
    expect(await limits.socketEvent('b')).toBeNull();
    const wait = await limits.socketEvent('a');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10_000);
  });

  it('gives each person separate budgets for messages, reactions and votes; other events are free', async () => {
    const limits = new RateLimits(settings, silent);
    expect(await outcomes(4, () => limits.callerAction(ama, 'chat:send'))).toEqual(['ok', 'ok', 'ok', 'limited']);
    // Edits and questions draw on the same budget as messages.
    expect(await limits.callerAction(ama, 'question:ask')).not.toBeNull();
    expect(await limits.callerAction(ama, 'chat:edit')).not.toBeNull();
    expect(await outcomes(3, () => limits.callerAction(ama, 'poll:vote'))).toEqual(['ok', 'ok', 'limited']);
    expect(await outcomes(5, () => limits.callerAction(ama, 'reaction:send'))).toEqual(['ok', 'ok', 'ok', 'ok', 'limited']);
    expect(await outcomes(20, () => limits.callerAction(ama, 'media:consume'))).not.toContain('limited');
    expect(await limits.callerAction(bo, 'chat:send')).toBeNull();
  });

  it('gives each person a budget of joins, and each network address one across all the people behind it', async () => {
    const limits = new RateLimits(settings, silent);
    expect(await outcomes(4, () => limits.callerAction(ama, 'room:join'))).toEqual(['ok', 'ok', 'ok', 'limited']);
    // Fresh identities behind Ama's address share what is left of its budget (3 of 4 spent, the refusal spent none).
    const fresh = (n: number) => ({ userId: `fresh-${n}`, address: ama.address });
    expect([await limits.callerAction(fresh(1), 'room:join'), await limits.callerAction(fresh(2), 'room:join')].map((wait) => wait === null)).toEqual([
      true,
      false,
    ]);
    // The same machine through IPv4-mapped IPv6 is the same address.
    expect(await limits.callerAction({ userId: 'fresh-3', address: `::ffff:${ama.address}` }, 'room:join')).not.toBeNull();
    expect(await limits.callerAction(bo, 'room:join')).toBeNull();
  });

  it('counts the identities minted per network address, an IPv6 /64 as one', async () => {
    const limits = new RateLimits(settings, silent);
    expect(await outcomes(3, () => limits.identityMinted('198.51.100.1'))).toEqual(['ok', 'ok', 'limited']);
    const wait = await limits.identityMinted('198.51.100.1');
    expect(wait).toBeGreaterThan(10_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    let host = 0;
    expect(await outcomes(3, () => limits.identityMinted(`2001:db8:1:2::${(host += 1)}`))).toEqual(['ok', 'ok', 'limited']);
    expect(await limits.identityMinted('2001:db8:1:3::1')).toBeNull();
  });

  it('says to cut a socket off once it has been refused more than its strikes', async () => {
    const limits = new RateLimits(settings, silent);
    expect([await limits.strike('a'), await limits.strike('a'), await limits.strike('a')]).toEqual([false, false, false]);
    expect(await limits.strike('a')).toBe(true);
    expect(await limits.strike('b')).toBe(false);
  });
});
