import { describe, expect, it } from 'vitest';
import { OPENS_BEFORE_MS, sessionStatus, startsIn } from './sessionStatus.js';

const session = { startsAt: '2026-12-03T14:00:00.000Z', endsAt: '2026-12-03T15:00:00.000Z' };
const at = (iso: string) => Date.parse(iso);

describe('sessionStatus', () => {
  it('counts down before, is live from a little before the start to the end, and ended after', () => {
    expect(sessionStatus(session, at('2026-12-01T14:00:00.000Z'))).toEqual({ name: 'upcoming', startsInMs: 2 * 86_400_000 });
    expect(sessionStatus(session, at('2026-12-03T14:00:00.000Z') - OPENS_BEFORE_MS - 1).name).toBe('upcoming');
    expect(sessionStatus(session, at('2026-12-03T14:00:00.000Z') - OPENS_BEFORE_MS).name).toBe('live');
    expect(sessionStatus(session, at('2026-12-03T14:59:59.999Z')).name).toBe('live');
    expect(sessionStatus(session, at('2026-12-03T15:00:00.000Z')).name).toBe('ended');
  });

  it('says how long until the start in the largest whole unit', () => {
    expect(startsIn(3 * 86_400_000 + 5 * 3_600_000, 'en')).toBe('in 3 days');
    expect(startsIn(86_400_000, 'en')).toBe('tomorrow');
    expect(startsIn(5 * 3_600_000 + 59 * 60_000, 'en')).toBe('in 5 hours');
    expect(startsIn(12 * 60_000 + 1, 'en')).toBe('in 13 minutes');
    expect(startsIn(1, 'en')).toBe('in 1 minute');
    expect(startsIn(2 * 86_400_000, 'fr')).toBe('après-demain');
  });
});
