/**
 * When an offered place lapses, as the person reads it in their zone:
 * "Sun 28 Mar, 12:00 GMT+2". The weekday and zone are said because an
 * offer may run into another day, and people on the move misread bare times.
 */
export function offerDeadline(expiresAt: string, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(expiresAt));
}
