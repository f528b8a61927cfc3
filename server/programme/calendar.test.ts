import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { EventSummary, SessionSummary } from '../../shared/programme.js';
import { zonedTimes } from '../../shared/timeZones.js';
import { sessionCalendar } from './calendar.js';

const event: EventSummary = {
  id: 'e1',
  slug: 'icsw-2019',
  name: 'ICSW 2019',
  theme: 'The power of togetherness',
  description: '',
  host: 'CIVICUS',
  principles: [],
  timeZone: 'Europe/Belgrade',
  startsOn: '2026-10-24',
  endsOn: '2026-10-26',
  status: 'published',
  offerHours: 24,
};

/**
 * In Belgrade from 01:30 summer time to 03:30 winter time: the clocks go back
 * from 03:00 to 02:00 local (01:00 UTC), so three hours pass while the wall
 * clock moves two. (Neither end is in the hour that happens twice, which a
 * local time cannot tell apart.)
 */
const session: SessionSummary = {
  id: '5b0b6b53-8d8a-4a55-9a57-0d8c1f1c2b10',
  eventId: 'e1',
  kind: 'webinar',
  title: 'Night owls, commas, and; semicolons',
  description: 'A webinar\nover two lines',
  startsAt: '2026-10-24T23:30:00.000Z',
  endsAt: '2026-10-25T02:30:00.000Z',
  timeZone: 'Europe/Belgrade',
  format: 'hybrid',
  place: 'Sava Centar, Belgrade',
  languages: ['en', 'sr'],
  capacity: null,
  topic: null,
  visibility: 'public',
  status: 'published',
  recordingPolicy: 'on-request',
  requiresAccount: false,
  roomId: 'night-owls',
  people: [
    { id: 'p1', name: 'Milan Petrović', pronouns: 'he/him', organisation: '', country: 'RS', biography: '', photoUrl: null, role: 'speaker' },
  ],
  partners: [],
};

const PAGE = `https://convene.example/s/${session.id}`;

describe('a session’s calendar file', () => {
  const text = sessionCalendar(session, event, PAGE);
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  // The file's own VTIMEZONE resolves its local times.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const parsed = new ICAL.Event(vevent);

  it('is RFC 5545 with CRLF line ends and lines folded at 75 octets', () => {
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toContain('Convene');
    expect(vevent.getFirstPropertyValue('dtstamp')!.toString()).toMatch(/Z$/);
  });

  it('gives the times in the organiser’s zone, with that zone’s rules, so they convert right across the change', () => {
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Belgrade');
    expect(parsed.startDate.toString()).toBe('2026-10-25T01:30:00');
    expect(parsed.endDate.toString()).toBe('2026-10-25T03:30:00');
    expect(parsed.startDate.toJSDate().toISOString()).toBe(session.startsAt);
    expect(parsed.endDate.toJSDate().toISOString()).toBe(session.endsAt);
    expect(parsed.endDate.subtractDateTz(parsed.startDate).toSeconds()).toBe(3 * 3600);
  });

  it('reads the same in Kathmandu and São Paulo as the programme page shows there', () => {
    const start = parsed.startDate.toJSDate().toISOString();
    const end = parsed.endDate.toJSDate().toISOString();
    expect(zonedTimes(start, end, 'Asia/Kathmandu')).toMatchObject({ day: '2026-10-25', times: '05:15 – 08:15' });
    expect(zonedTimes(start, end, 'America/Sao_Paulo')).toMatchObject({ day: '2026-10-24', times: '20:30 – 23:30' });
  });

  it('names the session, its people, its place and its page, escaped', () => {
    expect(parsed.uid).toBe(`${session.id}@convene`);
    expect(parsed.summary).toBe(session.title);
    expect(parsed.description).toContain('A webinar\nover two lines');
    expect(parsed.description).toContain('Milan Petrović (speaker)');
    expect(parsed.location).toBe(`Sava Centar, Belgrade / ${PAGE}`);
    expect(vevent.getFirstPropertyValue('url')).toBe(PAGE);
  });
});
