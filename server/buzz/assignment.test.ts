import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../test/outcome.js';
import {
  assignBalanced,
  chooseGroup,
  assignByAttribute,
  balancedSizes,
  groupCountFor,
  movePerson,
  shuffled,
} from './assignment.js';

/** A seeded generator (mulberry32), so every run tests the same plans. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const people = (count: number) => Array.from({ length: count }, (_, index) => `u${index}`);
const sizes = (plan: string[][]) => plan.map((group) => group.length);
const spread = (plan: string[][]) => Math.max(...sizes(plan)) - Math.min(...sizes(plan));

describe('how many groups', () => {
  it('takes a number of groups or a group size, never more groups than people, at least one', () => {
    expect(groupCountFor(1000, { groups: 200 })).toBe(200);
    expect(groupCountFor(1000, { groupSize: 5 })).toBe(200);
    expect(groupCountFor(23, { groupSize: 4 })).toBe(6);
    expect(groupCountFor(3, { groups: 10 })).toBe(3);
    expect(groupCountFor(0, { groups: 4 })).toBe(1);
    expect(groupCountFor(10, { groupSize: 0 })).toBe(10);
  });

  it('balances sizes to within one, larger groups first', () => {
    expect(balancedSizes(10, 3)).toEqual([4, 3, 3]);
    expect(balancedSizes(1000, 200).every((size) => size === 5)).toBe(true);
  });
});

describe('balanced random groups', () => {
  it('places everyone exactly once, with sizes differing by at most one, for many sizes', () => {
    const random = seeded(7);
    for (let count = 1; count <= 60; count += 1) {
      for (const groups of [1, 2, 3, 7, Math.min(count, 13)]) {
        const plan = assignBalanced(people(count), Math.min(groups, count), random);
        expect(plan.flat().sort()).toEqual(people(count).sort());
        expect(spread(plan)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('mixes people: two seeds give different plans, the same seed the same plan', () => {
    const list = people(40);
    expect(assignBalanced(list, 8, seeded(1))).toEqual(assignBalanced(list, 8, seeded(1)));
    expect(assignBalanced(list, 8, seeded(1))).not.toEqual(assignBalanced(list, 8, seeded(2)));
    expect(shuffled(list, seeded(3))).not.toEqual(list);
    expect(list).toEqual(people(40));
  });
});

describe('groups by attribute', () => {
  const withValues = (values: Record<string, number>) =>
    Object.entries(values).flatMap(([value, count]) =>
      Array.from({ length: count }, (_, index) => ({ userId: `${value}-${index}`, value })),
    );
  const valuesPerGroup = (plan: string[][]) => plan.map((group) => new Set(group.map((id) => id.split('-')[0])).size);

  it('keeps each value together when the sizes allow it', () => {
    const plan = assignByAttribute(withValues({ fr: 4, en: 4, es: 4 }), 3, seeded(4));
    expect(sizes(plan)).toEqual([4, 4, 4]);
    expect(valuesPerGroup(plan)).toEqual([1, 1, 1]);
  });

  it('splits a value only when it is larger than a group, and keeps sizes within one', () => {
    const plan = assignByAttribute(withValues({ sw: 9, pt: 3 }), 3, seeded(5));
    expect(spread(plan)).toBeLessThanOrEqual(1);
    // Portuguese speakers fit one group: they are not split.
    expect(plan.filter((group) => group.some((id) => id.startsWith('pt-')))).toHaveLength(1);
    // Swahili speakers need at least two groups and get no more than needed.
    expect(plan.filter((group) => group.some((id) => id.startsWith('sw-')))).toHaveLength(3);
  });

  it('places people without a value where there is room, and everyone exactly once', () => {
    const list = [...withValues({ ar: 5, zh: 2 }), { userId: 'x-1', value: null }, { userId: 'x-2', value: '' }];
    const plan = assignByAttribute(list, 3, seeded(6));
    expect(plan.flat().sort()).toEqual(list.map((person) => person.userId).sort());
    expect(spread(plan)).toBeLessThanOrEqual(1);
    expect(plan.filter((group) => group.some((id) => id.startsWith('zh-')))).toHaveLength(1);
  });

  it('keeps sizes within one for many mixes', () => {
    const random = seeded(8);
    for (let trial = 0; trial < 200; trial += 1) {
      const mix = Object.fromEntries(
        Array.from({ length: 1 + Math.floor(random() * 6) }, (_, index) => [`v${index}`, 1 + Math.floor(random() * 12)]),
      );
      const list = withValues(mix);
      const groups = 1 + Math.floor(random() * Math.min(list.length, 8));
      const plan = assignByAttribute(list, groups, random);
      expect(plan.flat()).toHaveLength(list.length);
      expect(spread(plan)).toBeLessThanOrEqual(1);
    }
  });
});

describe('choosing and moving', () => {
  it('lets people choose a group up to its cap, and never past it', () => {
    let plan: string[][] = [[], []];
    const cap = 3;
    const random = seeded(9);
    const refused: string[] = [];
    for (const userId of people(10)) {
      const choice = random() < 0.8 ? 0 : 1;
      if (outcomeOf(() => chooseGroup(plan, userId, choice, cap)) === 'CONFLICT') refused.push(userId);
      else plan = chooseGroup(plan, userId, choice, cap);
    }
    expect(sizes(plan).every((size) => size <= cap)).toBe(true);
    expect(plan.flat().length + refused.length).toBe(10);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('keeps a full group open to someone already in it, and refuses unknown groups', () => {
    const plan = [['a', 'b'], []];
    expect(chooseGroup(plan, 'a', 0, 2)).toEqual([['b', 'a'], []]);
    expect(outcomeOf(() => chooseGroup(plan, 'c', 0, 2))).toBe('CONFLICT');
    expect(chooseGroup(plan, 'a', 1, 2)).toEqual([['b'], ['a']]);
    expect(outcomeOf(() => chooseGroup(plan, 'c', 5, 2))).toBe('NOT_FOUND');
  });

  it('moves one person to another group, leaving everyone else where they were', () => {
    const plan = [['a', 'b'], ['c'], []];
    expect(movePerson(plan, 'b', 2)).toEqual([['a'], ['c'], ['b']]);
    expect(movePerson(plan, 'c', 1)).toEqual(plan);
    expect(plan).toEqual([['a', 'b'], ['c'], []]);
  });
});
