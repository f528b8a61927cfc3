import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { EventSummary, SessionSummary } from '../../shared/programme.js';
import type { AgendaItem } from '../../shared/registration.js';

/** A calendar with the VTIMEZONE of every zone its events name. */
function newCalendar(name?: string) {
  const calendar = ical({ prodId: { company: 'Convene', product: 'Programme', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ...(name ? { name } : {}) });
  // Zones are checked on the way in (shared/timeZones.ts); the library answers a string for one it does not know.
  calendar.timezone({
    name: null,
    generator: (zone) => {
      const block = tzlib_get_ical_block(zone);
      return Array.isArray(block) ? block[0]! : '';
    },
  });
  return calendar;
}

/** One session as a VEVENT: its times in the organiser's zone, its page as the link (and the place when online). */
function addSession(calendar: ReturnType<typeof ical>, session: SessionSummary, eventName: string, pageUrl: string, summaryPrefix = ''): void {
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
    summary: `${summaryPrefix}${session.title}`,
    description: [session.description, people, `${eventName}: ${pageUrl}`].filter(Boolean).join('\n\n'),
    location: session.format === 'virtual' ? pageUrl : session.format === 'hybrid' ? `${session.place} / ${pageUrl}` : session.place,
    url: pageUrl,
  });
}

/**
 * A session as an iCalendar file (RFC 5545) for "Add to calendar": its
 * times in the organiser's zone with that zone's VTIMEZONE, so a calendar
 * shows it right wherever the person is, across daylight-saving changes.
 * `pageUrl` is the session's public page.
 */
export function sessionCalendar(session: SessionSummary, event: EventSummary, pageUrl: string): string {
  const calendar = newCalendar();
  addSession(calendar, session, event.name, pageUrl);
  return calendar.toString();
}

/**
 * A personal agenda as a calendar feed that calendar apps subscribe to:
 * the sessions one has a place in, and offers (named as such, until they
 * are answered). Each keeps its id, so a later fetch updates it in place.
 */
export function agendaCalendar(items: readonly AgendaItem[], linkBase: string): string {
  const calendar = newCalendar('Convene agenda');
  for (const { session, event, registration } of items) {
    const prefix = registration.state === 'offered' ? 'Place offered (accept it on the page): ' : '';
    addSession(calendar, session, event.name, `${linkBase}/s/${session.id}`, prefix);
  }
  return calendar.toString();
}
