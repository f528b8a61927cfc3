import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { EventSummary, SessionSummary } from '../../shared/programme.js';

/**
 * A session as an iCalendar file (RFC 5545) for "Add to calendar": its
 * times in the organiser's zone with that zone's VTIMEZONE, so a calendar
 * shows it right wherever the person is, across daylight-saving changes.
 * `pageUrl` is the session's public page.
 */
export function sessionCalendar(session: SessionSummary, event: EventSummary, pageUrl: string): string {
  const calendar = ical({ prodId: { company: 'Convene', product: 'Programme', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  // Zones are checked on the way in (shared/timeZones.ts); the library answers a string for one it does not know.
  calendar.timezone({
    name: null,
    generator: (zone) => {
      const block = tzlib_get_ical_block(zone);
      return Array.isArray(block) ? block[0]! : '';
    },
  });
  const zone = session.timeZone;
  const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  const people = session.people.map((person) => `${person.name} (${person.role})`).join(', ');
  calendar.createEvent({
    id: `${session.id}@convene`,
    start: at(session.startsAt),
    end: at(session.endsAt),
    timezone: zone,
    // When the file was made: calendars compare it with a later download's.
    stamp: DateTime.utc(),
    summary: session.title,
    description: [session.description, people, `${event.name}: ${pageUrl}`].filter(Boolean).join('\n\n'),
    location: session.format === 'virtual' ? pageUrl : session.format === 'hybrid' ? `${session.place} / ${pageUrl}` : session.place,
    url: pageUrl,
  });
  return calendar.toString();
}
