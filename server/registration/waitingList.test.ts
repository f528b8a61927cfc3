import { describe, expect, it } from 'vitest';
import { admit, freePlaces, HOUR_MS, settle, type LineFacts } from './waitingList.js';

/** A fake clock: times are hours after a fixed start. */
const START = Date.UTC(2027, 2, 1, 12);
const at = (hours: number) => new Date(START + hours * HOUR_MS);

const line = (facts: Partial<LineFacts>): LineFacts => ({ capacity: 10, registered: 0, offers: [], waiting: [], startsAt: at(24 * 30), ...facts });

describe('a session’s places', () => {
  it('admits while places are free, then puts people in line', () => {
    expect(admit(10, 9)).toBe('registered');
    expect(admit(10, 10)).toBe('waiting');
    expect(admit(10, 11)).toBe('waiting');
    expect(admit(null, 5_000)).toBe('registered');
  });

  it('counts live offers as held places', () => {
    expect(freePlaces(10, 7)).toBe(3);
    expect(freePlaces(10, 12)).toBe(0);
    expect(freePlaces(null, 12)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('settling the waiting list', () => {
  it('offers a freed place to the first in line only, until the offer hours pass', () => {
    const result = settle(line({ registered: 9, waiting: ['ana', 'bo', 'chen'] }), at(0), 24);
    expect(result).toEqual({ lapsed: [], offered: [{ accountId: 'ana', expiresAt: at(24) }], admitted: [] });
  });

  it('offers as many places as are free, in order', () => {
    const result = settle(line({ registered: 7, waiting: ['ana', 'bo', 'chen', 'dara'] }), at(0), 6);
    expect(result.offered.map((offer) => offer.accountId)).toEqual(['ana', 'bo', 'chen']);
    expect(result.offered.every((offer) => offer.expiresAt.getTime() === at(6).getTime())).toBe(true);
  });

  it('holds a live offer’s place: nobody else is offered it', () => {
    const facts = line({ registered: 9, offers: [{ accountId: 'ana', expiresAt: at(24) }], waiting: ['bo'] });
    expect(settle(facts, at(23.99), 24)).toEqual({ lapsed: [], offered: [], admitted: [] });
  });

  it('lapses an offer at its expiry and passes the place to the next in line', () => {
    const facts = line({ registered: 9, offers: [{ accountId: 'ana', expiresAt: at(24) }], waiting: ['bo', 'chen'] });
    expect(settle(facts, at(24), 24)).toEqual({ lapsed: ['ana'], offered: [{ accountId: 'bo', expiresAt: at(48) }], admitted: [] });
  });

  it('lapses an offer with nobody left in line: the place is simply free', () => {
    const facts = line({ registered: 9, offers: [{ accountId: 'ana', expiresAt: at(1) }] });
    expect(settle(facts, at(2), 24)).toEqual({ lapsed: ['ana'], offered: [], admitted: [] });
  });

  it('offers nothing while the session is full', () => {
    expect(settle(line({ registered: 10, waiting: ['ana'] }), at(0), 24)).toEqual({ lapsed: [], offered: [], admitted: [] });
    // Capacity lowered below the places taken: nobody loses a place, nobody is offered one.
    expect(settle(line({ capacity: 5, registered: 8, waiting: ['ana'] }), at(0), 24)).toEqual({ lapsed: [], offered: [], admitted: [] });
  });

  it('gives everyone in line a place at once when the limit is lifted', () => {
    expect(settle(line({ capacity: null, registered: 10, waiting: ['ana', 'bo'] }), at(0), 24)).toEqual({ lapsed: [], offered: [], admitted: ['ana', 'bo'] });
  });

  it('ends an offer by the session’s start at the latest, and offers nothing once it has started', () => {
    const soon = line({ registered: 9, waiting: ['ana', 'bo'], startsAt: at(2) });
    expect(settle(soon, at(0), 24).offered).toEqual([{ accountId: 'ana', expiresAt: at(2) }]);
    const started = line({ registered: 9, offers: [{ accountId: 'ana', expiresAt: at(2) }], waiting: ['bo'], startsAt: at(2) });
    expect(settle(started, at(2), 24)).toEqual({ lapsed: ['ana'], offered: [], admitted: [] });
    expect(settle(line({ registered: 5, waiting: ['bo'], startsAt: at(1) }), at(3), 24)).toEqual({ lapsed: [], offered: [], admitted: [] });
  });
});
