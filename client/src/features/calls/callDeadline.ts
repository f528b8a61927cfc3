import { instantText } from '../shared/instantText.js';

/**
 * A call's deadline as people read it: "Sun 25 Oct 2026, 23:59 GMT+3".
 * The weekday, year and zone are said: a call is often read weeks ahead,
 * from anywhere, and a bare "23:59" is easily taken for one's own clock.
 */
export function deadlineText(closesAt: string, zone: string, locale: string): string {
  return instantText(closesAt, zone, locale, { weekday: true });
}

/** The deadline in the reader's zone, and in the organisers' when it reads differently there (null: the same). */
export function deadlineReadings(closesAt: string, viewerZone: string, callZone: string, locale: string): { viewer: string; organisers: string | null } {
  const viewer = deadlineText(closesAt, viewerZone, locale);
  const organisers = deadlineText(closesAt, callZone, locale);
  return { viewer, organisers: organisers === viewer ? null : organisers };
}

/**
 * How the deadline is introduced: "Apply by" while the call is open,
 * "Closed on" once it has passed; a call its organisers closed before the
 * deadline would otherwise read as closing on a day still to come.
 */
export function deadlineLabel(call: { isOpen: boolean; closesAt: string }, now: number): 'applyBy' | 'closedOn' | 'closedEarly' {
  if (call.isOpen) return 'applyBy';
  return new Date(call.closesAt).getTime() <= now ? 'closedOn' : 'closedEarly';
}
