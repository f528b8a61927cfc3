import type { SessionSummary } from '../../../../shared/programme.js';
import { zonedTimes } from '../../../../shared/timeZones.js';

type Dated = { session: Pick<SessionSummary, 'startsAt' | 'endsAt' | 'title'> };

/**
 * Agenda entries by day in the person's zone (a session late on Sunday in
 * Nairobi may be Monday in Auckland), the days in order and each day's
 * entries by start time, then title.
 */
export function agendaDays<T extends Dated>(items: readonly T[], zone: string): { day: string; items: T[] }[] {
  const sorted = [...items].sort(
    (a, b) => Date.parse(a.session.startsAt) - Date.parse(b.session.startsAt) || a.session.title.localeCompare(b.session.title),
  );
  const days = new Map<string, T[]>();
  for (const item of sorted) {
    const { day } = zonedTimes(item.session.startsAt, item.session.endsAt, zone);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days].map(([day, dayItems]) => ({ day, items: dayItems }));
}
