/**
 * A session's places and its waiting list, as pure rules (the repository
 * applies them under the session's row lock, registrationRepository.ts).
 *
 * Fair across time zones: a freed place is offered to the first in line
 * alone, for a while (the event's offer hours), never raced for by
 * everyone at once; an offer that lapses passes to the next in line. A
 * place held by an offer counts as taken until it is accepted or lapses.
 */

/** An offer as the line holds it. */
export interface Offer {
  accountId: string;
  expiresAt: Date;
}

/** What the line looks like under the lock. */
export interface LineFacts {
  /** Null: no limit. */
  capacity: number | null;
  /** People with a place. */
  registered: number;
  /** Offers made and not yet answered (some may have lapsed by `now`). */
  offers: readonly Offer[];
  /** The first people in line, in order: at least as many as could be offered a place. */
  waiting: readonly string[];
  /** When the session starts: no offer is made from then on, and none runs past it. */
  startsAt: Date;
}

/**
 * What settling the line does: offers that lapsed (their rows go), new
 * offers, and, for a session whose limit was lifted, people given a place
 * straight away (an offer that could lapse would cost them a place nobody
 * else needs).
 */
export interface Settlement {
  lapsed: string[];
  offered: Offer[];
  admitted: string[];
}

export const HOUR_MS = 3_600_000;

export function isLive(offer: Pick<Offer, 'expiresAt'>, now: Date): boolean {
  return offer.expiresAt.getTime() > now.getTime();
}

/** Places neither taken nor held by a live offer (Infinity without a limit). */
export function freePlaces(capacity: number | null, held: number): number {
  return capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, capacity - held);
}

/**
 * Lapses the offers whose time is up and offers every free place to the
 * next in line, in order, each until `now + offerHours` or the session's
 * start, whichever comes first. Once the session has started nobody is
 * offered a place (it could not be taken in time).
 */
export function settle(line: LineFacts, now: Date, offerHours: number): Settlement {
  const lapsed = line.offers.filter((offer) => !isLive(offer, now)).map((offer) => offer.accountId);
  if (now.getTime() >= line.startsAt.getTime()) return { lapsed, offered: [], admitted: [] };
  if (line.capacity === null) return { lapsed, offered: [], admitted: [...line.waiting] };
  const held = line.registered + line.offers.length - lapsed.length;
  const free = freePlaces(line.capacity, held);
  const expiresAt = new Date(Math.min(now.getTime() + offerHours * HOUR_MS, line.startsAt.getTime()));
  const offered = line.waiting.slice(0, Math.min(line.waiting.length, free)).map((accountId) => ({ accountId, expiresAt }));
  return { lapsed, offered, admitted: [] };
}

/**
 * Where a newcomer goes once the line is settled: a place if one is free
 * (then nobody is waiting: settling offered the free places first), else
 * the end of the line.
 */
export function admit(capacity: number | null, held: number): 'registered' | 'waiting' {
  return freePlaces(capacity, held) > 0 ? 'registered' : 'waiting';
}
