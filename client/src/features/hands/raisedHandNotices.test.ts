import { describe, expect, it } from 'vitest';
import { groupPeople } from '../../store/peopleSelectors.js';
import { peer } from '../../store/testPeople.js';
import { newlyRaisedHands, raisedHandNotice } from './raisedHandNotices.js';

const raisedHands = (...peers: Parameters<typeof peer>[]) => groupPeople(null, peers.map((args) => ({ ...peer(...args), consumers: [] }))).raisedHands;

describe('newlyRaisedHands', () => {
  it('finds the hands not seen yet, in the order they went up', () => {
    const seen = new Set<string>();
    const first = newlyRaisedHands(raisedHands([1, 'Pat', { handRaisedAt: 20 }], [2, 'Ana', { handRaisedAt: 10 }]), seen);
    expect(first.map((person) => person.displayName)).toEqual(['Ana', 'Pat']);
    const again = newlyRaisedHands(
      raisedHands([1, 'Pat', { handRaisedAt: 20 }], [2, 'Ana', { handRaisedAt: 10 }], [3, 'Li', { handRaisedAt: 30 }]),
      seen,
    );
    expect(again.map((person) => person.displayName)).toEqual(['Li']);
  });

  it('counts a hand lowered and raised again as new, and a list seen again (a reconnection) as nothing new', () => {
    const seen = new Set<string>();
    newlyRaisedHands(raisedHands([1, 'Pat', { handRaisedAt: 20 }]), seen);
    expect(newlyRaisedHands(raisedHands([1, 'Pat', { handRaisedAt: 20 }]), seen)).toEqual([]);
    expect(newlyRaisedHands(raisedHands([1, 'Pat', { handRaisedAt: 50 }]), seen).map((p) => p.displayName)).toEqual(['Pat']);
  });
});

describe('raisedHandNotice', () => {
  it('names who raised a hand, and how many are waiting', () => {
    expect(raisedHandNotice(['Pat'], 1)).toBe('Pat raised a hand.');
    expect(raisedHandNotice(['Pat'], 3)).toBe('Pat raised a hand (3 hands up).');
    expect(raisedHandNotice(['Pat', 'Ana'], 2)).toBe('Pat and Ana raised a hand.');
    expect(raisedHandNotice(['Pat', 'Ana', 'Li', 'Bo'], 5)).toBe('Pat and 3 others raised a hand (5 hands up).');
  });
});
