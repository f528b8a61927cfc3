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

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** An instant's wall-clock time in a zone, as a form's datetime-local field takes it (YYYY-MM-DDTHH:mm). */
export function wallTimeOf(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant a wall-clock time names in a zone (`2027-03-28T01:30` in
 * Europe/Belgrade), or null when it names none: a time the clocks skip
 * when they go forward, or no time at all. A time met twice (the clocks
 * going back) is taken the first time.
 */
export function instantOfWallTime(local: string, zone: string): Date | null {
  const match = WALL_TIME.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (instant: number) => {
    const [y, mo, d, h, mi] = wallTimeOf(new Date(instant), zone).match(/\d+/g)!.map(Number) as [number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi) - instant;
  };
  // The zone's offset is read where the answer is: twice, as the first guess may fall across a change.
  const guess = asUtc - offsetAt(asUtc - offsetAt(asUtc));
  const earlier = asUtc - Math.max(offsetAt(guess - 3_600_000), offsetAt(guess));
  for (const candidate of [earlier, guess]) if (wallTimeOf(new Date(candidate), zone) === local) return new Date(candidate);
  return null;
}
