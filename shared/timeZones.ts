/**
 * Time zones and session times as people read them, with the platform's
 * own Intl (no library in the browser: many delegates are on weak
 * connections, and Intl knows every zone).
 */

/** Whether `zone` is an IANA time zone this runtime knows (aliases such as Asia/Katmandu included). */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone this browser (or process) is in, or UTC when it cannot tell. */
export function localTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

/** A session's day and times in one zone: "Sun 25 Oct 2026", "02:30 – 03:30", "GMT+1". */
export interface ZonedTimes {
  /** The start's date in the zone (YYYY-MM-DD), to group and filter a programme by day. */
  day: string;
  date: string;
  times: string;
  /** The zone's short name or offset at the start, as the locale writes it. */
  zoneName: string;
  /** The end falls on a later day in this zone. */
  endsNextDay: boolean;
}

const dayKey = (instant: Date, zone: string): string => {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
};

/** How a session from `startsAt` to `endsAt` (ISO instants) reads in `zone`, in `locale`. */
export function zonedTimes(startsAt: string, endsAt: string, zone: string, locale = 'en'): ZonedTimes {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const zoneName =
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(start)
      .find((part) => part.type === 'timeZoneName')?.value ?? zone;
  const day = dayKey(start, zone);
  return {
    day,
    date: date.format(start),
    times: `${time.format(start)} – ${time.format(end)}`,
    zoneName,
    endsNextDay: dayKey(end, zone) !== day,
  };
}
