import { describe, expect, it } from 'vitest';
import { offerDeadline } from './offerDeadline.js';

describe('offerDeadline', () => {
  it('says the lapse on the wall clock of the person’s zone, with the day and the zone', () => {
    // Belgrade moved to summer time at 01:00 UTC that morning: UTC+2.
    const belgrade = offerDeadline('2027-03-28T10:00:00Z', 'Europe/Belgrade', 'en');
    expect(belgrade).toContain('12:00');
    expect(belgrade).toContain('28');
    expect(belgrade).toContain('GMT+2');
    // The same instant is already the next day in Auckland.
    const auckland = offerDeadline('2027-03-28T22:30:00Z', 'Pacific/Auckland', 'en');
    expect(auckland).toContain('11:30');
    expect(auckland).toContain('29');
  });
});
