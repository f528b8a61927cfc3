import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RateLimits, type RateLimitSettings } from './rateLimits.js';

const settings: RateLimitSettings = { socketEvents: 5, messages: 3, reactions: 4, votes: 2, floodStrikes: 3 };
const silent = pino({ level: 'silent' });

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
    expect(await outcomes(4, () => limits.userAction('ama', 'chat:send'))).toEqual(['ok', 'ok', 'ok', 'limited']);
    // Edits and questions draw on the same budget as messages.
    expect(await limits.userAction('ama', 'question:ask')).not.toBeNull();
    expect(await limits.userAction('ama', 'chat:edit')).not.toBeNull();
    expect(await outcomes(3, () => limits.userAction('ama', 'poll:vote'))).toEqual(['ok', 'ok', 'limited']);
    expect(await outcomes(5, () => limits.userAction('ama', 'reaction:send'))).toEqual(['ok', 'ok', 'ok', 'ok', 'limited']);
    expect(await outcomes(20, () => limits.userAction('ama', 'media:consume'))).not.toContain('limited');
    expect(await limits.userAction('bo', 'chat:send')).toBeNull();
  });

  it('says to cut a socket off once it has been refused more than its strikes', async () => {
    const limits = new RateLimits(settings, silent);
    expect([await limits.strike('a'), await limits.strike('a'), await limits.strike('a')]).toEqual([false, false, false]);
    expect(await limits.strike('a')).toBe(true);
    expect(await limits.strike('b')).toBe(false);
  });
});
