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
  addressMessages: 5,
  signInBlockSeconds: 60,
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

  it('gives each person a budget of joins, and each network address one of arrivals across all the people behind it', async () => {
    const limits = new RateLimits(settings, silent);
    expect(await outcomes(4, () => limits.callerAction(ama, 'room:join'))).toEqual(['ok', 'ok', 'ok', 'limited']);
    // Joins are the person's; arrivals are the address's, whoever arrives (see floodGuard's countArrival).
    expect(await outcomes(5, () => limits.arrival(ama.address))).toEqual(['ok', 'ok', 'ok', 'ok', 'limited']);
    // The same machine through IPv4-mapped IPv6 is the same address.
    expect(await limits.arrival(`::ffff:${ama.address}`)).not.toBeNull();
    expect(await limits.arrival(bo.address)).toBeNull();
  });

  it('gives each network address a budget of messages, edits and questions, shared by every identity behind it', async () => {
    const limits = new RateLimits(settings, silent);
    // Identities minted in advance, each within its own budget (3), together spend the address's (5).
    const prepared = (n: number) => ({ userId: `prepared-${n}`, address: ama.address });
    const sent: string[] = [];
    for (let n = 0; n < 4; n += 1) {
      for (const event of ['chat:send', 'chat:edit', 'question:ask'] as const) {
        sent.push((await limits.callerAction(prepared(n), event)) === null ? 'ok' : 'limited');
      }
    }
    expect(sent.filter((outcome) => outcome === 'ok')).toHaveLength(settings.addressMessages);
    // Another address is untouched by the flood.
    expect(await limits.callerAction(bo, 'chat:send')).toBeNull();
    // Reactions and votes are not messages.
    expect(await limits.callerAction(prepared(9), 'reaction:send')).toBeNull();
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

describe('sign-in limits', () => {
  it('allows five password attempts per account, counted before the check, then blocks for a while; a right one is forgotten', async () => {
    const limits = new RateLimits(settings, silent);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await limits.signInAttempt('ama@example.org', ama.address)).toBe(0);
    const wait = await limits.signInAttempt('ama@example.org', ama.address);
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    // Another account from the same address is not blocked; this account is, from anywhere.
    expect(await limits.signInAttempt('bo@example.org', ama.address)).toBe(0);
    expect(await limits.signInAttempt('ama@example.org', bo.address)).toBeGreaterThan(0);

    // A right password forgets the account's attempts.
    for (let attempt = 0; attempt < 4; attempt += 1) await limits.signInAttempt('chen@example.org', bo.address);
    await limits.signInSucceeded('chen@example.org', bo.address);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(await limits.signInAttempt('chen@example.org', bo.address)).toBe(0);
  });

  it('counts an address’s attempts across accounts, and all of a /64 as one address', async () => {
    const limits = new RateLimits(settings, silent);
    for (let attempt = 0; attempt < 30; attempt += 1) {
      expect(await limits.signInAttempt(`person${attempt}@example.org`, `2001:db8:1:2::${attempt.toString(16)}`)).toBe(0);
    }
    expect(await limits.signInAttempt('late@example.org', '2001:db8:1:2::ffff')).toBeGreaterThan(0);
    expect(await limits.signInAttempt('late@example.org', '2001:db8:1:3::1')).toBe(0);
  });
});
