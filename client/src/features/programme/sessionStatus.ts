/** Where a session stands in time, as its card and page show it. */
export type SessionStatus = { name: 'upcoming'; startsInMs: number } | { name: 'live' } | { name: 'ended' };

/** A session's room opens a little before the start, so people can check their camera and settle. */
export const OPENS_BEFORE_MS = 10 * 60_000;

export function sessionStatus(session: { startsAt: string; endsAt: string }, now: number): SessionStatus {
  const startsAt = Date.parse(session.startsAt);
  if (now >= Date.parse(session.endsAt)) return { name: 'ended' };
  if (now >= startsAt - OPENS_BEFORE_MS) return { name: 'live' };
  return { name: 'upcoming', startsInMs: startsAt - now };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 3 days", "in 5 hours", "in 12 minutes", in `locale`: the largest unit that is at least one. */
export function startsIn(ms: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (ms >= DAY) return format.format(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return format.format(Math.floor(ms / HOUR), 'hour');
  return format.format(Math.max(1, Math.ceil(ms / MINUTE)), 'minute');
}
