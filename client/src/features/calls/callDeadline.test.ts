import { describe, expect, it } from 'vitest';
import { deadlineLabel, deadlineReadings, deadlineText } from './callDeadline.js';

// 20:59 UTC: 23:59 that Sunday in Nairobi (UTC+3), already 04:59 on Monday in Manila (UTC+8).
const closesAt = '2026-10-25T20:59:00.000Z';

describe('a call’s deadline', () => {
  it('is said on the reader’s clock, with the weekday, the year and the zone', () => {
    const nairobi = deadlineText(closesAt, 'Africa/Nairobi', 'en');
    for (const part of ['Sun', '25', 'Oct', '2026', '23:59', 'GMT+3']) expect(nairobi).toContain(part);
    const manila = deadlineText(closesAt, 'Asia/Manila', 'en');
    for (const part of ['Mon', '26', '04:59', 'GMT+8']) expect(manila).toContain(part);
  });

  it('adds the organisers’ reading only when it differs from the reader’s', () => {
    expect(deadlineReadings(closesAt, 'Africa/Nairobi', 'Africa/Nairobi', 'en').organisers).toBeNull();
    // Another zone name on the same clock still reads the same: nothing to add.
    expect(deadlineReadings(closesAt, 'Africa/Addis_Ababa', 'Africa/Nairobi', 'en').organisers).toBeNull();
    const apart = deadlineReadings(closesAt, 'Asia/Manila', 'Africa/Nairobi', 'en');
    expect(apart.viewer).toContain('04:59');
    expect(apart.organisers).toContain('23:59');
  });

  it('reads as a date to apply by while open, and as past once closed, even when closed before it', () => {
    const before = Date.parse(closesAt) - 60_000;
    const after = Date.parse(closesAt) + 60_000;
    expect(deadlineLabel({ isOpen: true, closesAt }, before)).toBe('applyBy');
    expect(deadlineLabel({ isOpen: false, closesAt }, after)).toBe('closedOn');
    expect(deadlineLabel({ isOpen: false, closesAt }, before)).toBe('closedEarly');
  });
});
