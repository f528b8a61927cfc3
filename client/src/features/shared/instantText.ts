/**
 * An instant as people read it: "Mar 3, 2021, 14:05 GMT+1" in English (with
 * `weekday`, "Wed, Mar 3, 2021, …"). The zone is always said: people work
 * across zones, read deadlines weeks ahead, and a bare time is easily taken
 * for one's own clock.
 */
export function instantText(instant: string, zone: string, locale: string, { weekday = false } = {}): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    ...(weekday ? { weekday: 'short' as const } : {}),
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(instant));
}
