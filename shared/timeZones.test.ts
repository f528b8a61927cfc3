import { describe, expect, it } from 'vitest';
import { instantOfWallTime, isTimeZone, wallTimeOf, zonedTimes } from './timeZones.js';

describe('time zones', () => {
  it('knows IANA zones and their aliases, and nothing else', () => {
    for (const zone of ['Europe/Belgrade', 'Asia/Kathmandu', 'Asia/Katmandu', 'America/Sao_Paulo', 'UTC']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['', 'Mars/Olympus', 'Europe/Belgrade; DROP', 'x'.repeat(200)]) expect(isTimeZone(zone), zone).toBe(false);
  });

  // Europe/Belgrade leaves summer time at 01:00 UTC on 25 October 2026: this session starts in CEST and ends in CET.
  const startsAt = '2026-10-24T23:30:00.000Z';
  const endsAt = '2026-10-25T02:30:00.000Z';

  it('reads a session across a daylight-saving change in the organiser’s zone', () => {
    expect(zonedTimes(startsAt, endsAt, 'Europe/Belgrade')).toMatchObject({
      day: '2026-10-25',
      times: '01:30 – 03:30',
      zoneName: 'GMT+2',
      endsNextDay: false,
    });
  });

  it('reads the same session from Kathmandu (UTC+05:45) and São Paulo (UTC−3), a day earlier there', () => {
    expect(zonedTimes(startsAt, endsAt, 'Asia/Kathmandu')).toMatchObject({ day: '2026-10-25', times: '05:15 – 08:15', zoneName: 'GMT+5:45' });
    expect(zonedTimes(startsAt, endsAt, 'America/Sao_Paulo')).toMatchObject({
      day: '2026-10-24',
      date: 'Sat, Oct 24, 2026',
      times: '20:30 – 23:30',
      zoneName: 'GMT-3',
      endsNextDay: false,
    });
  });

  it('says when a session ends on the next day in the viewer’s zone', () => {
    expect(zonedTimes('2026-10-24T20:00:00.000Z', '2026-10-24T22:00:00.000Z', 'Asia/Kathmandu')).toMatchObject({
      day: '2026-10-25',
      endsNextDay: false,
    });
    expect(zonedTimes('2026-10-24T17:30:00.000Z', '2026-10-24T19:00:00.000Z', 'Asia/Kathmandu')).toMatchObject({
      day: '2026-10-24',
      times: '23:15 – 00:45',
      endsNextDay: true,
    });
  });
});

describe('wall-clock times of a zone', () => {
  it('turns a local time into its instant, on either side of a change to summer time, and back', () => {
    expect(instantOfWallTime('2027-03-28T01:30', 'Europe/Belgrade')?.toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(instantOfWallTime('2027-03-28T03:30', 'Europe/Belgrade')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(wallTimeOf(new Date('2027-03-28T01:30:00.000Z'), 'Europe/Belgrade')).toBe('2027-03-28T03:30');
    expect(wallTimeOf(new Date('2027-03-28T01:30:00.000Z'), 'Asia/Kathmandu')).toBe('2027-03-28T07:15');
    expect(instantOfWallTime('2027-03-28T07:15', 'Asia/Kathmandu')?.toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(instantOfWallTime('2027-03-28T10:00', 'America/Sao_Paulo')?.toISOString()).toBe('2027-03-28T13:00:00.000Z');
  });

  it('names no instant for a time the clocks skip, nor for a date that does not exist', () => {
    expect(instantOfWallTime('2027-03-28T02:30', 'Europe/Belgrade')).toBeNull();
    expect(instantOfWallTime('2027-02-30T10:00', 'Europe/Belgrade')).toBeNull();
    expect(instantOfWallTime('10:00', 'Europe/Belgrade')).toBeNull();
  });

  it('takes a time met twice (the clocks going back) the first time', () => {
    // 2027-10-31 02:30 in Belgrade is met at 00:30 UTC (summer time) and again at 01:30 UTC.
    expect(instantOfWallTime('2027-10-31T02:30', 'Europe/Belgrade')?.toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });
});
