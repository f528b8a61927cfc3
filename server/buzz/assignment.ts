/**
 * How people are spread over buzz groups. Pure: no sockets, no database;
 * the randomness is passed in, so a plan can be reproduced and tested.
 *
 * Every plan is a list of groups, each a list of user ids, and every plan
 * keeps group sizes within one of each other unless people chose their
 * groups themselves.
 */

import { AppError } from '../../shared/errors.js';

/** A source of numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** How many groups a split makes: a number of groups, or a group size. */
export type GroupSplit = { groups: number } | { groupSize: number };

/** The number of groups for this many people (at least one; never more groups than people). */
export function groupCountFor(people: number, split: GroupSplit): number {
  const wanted = 'groups' in split ? split.groups : Math.round(people / Math.max(1, split.groupSize));
  return Math.max(1, Math.min(Math.max(people, 1), Math.floor(wanted) || 1));
}

/** Group sizes differing by at most one, the larger ones first, summing to `people`. */
export function balancedSizes(people: number, groups: number): number[] {
  const base = Math.floor(people / groups);
  const larger = people % groups;
  return Array.from({ length: groups }, (_, index) => base + (index < larger ? 1 : 0));
}

/** Fisher–Yates with the given random source; the input is left as it was. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

/** Balanced random groups: shuffled, then dealt out so sizes differ by at most one. */
export function assignBalanced(userIds: readonly string[], groups: number, random: Random): string[][] {
  const plan: string[][] = Array.from({ length: groups }, () => []);
  shuffled(userIds, random).forEach((userId, index) => plan[index % groups]!.push(userId));
  return plan;
}

/**
 * Groups by an attribute people gave (language, region): people with the
 * same value stay together as far as the sizes allow. Sizes stay balanced;
 * each value's people go, largest value first, into the group with the
 * least room that still fits them all (best fit), and a value too large for
 * any group's room fills the roomiest groups in turn. People without a value
 * fill what is left.
 */
export function assignByAttribute(
  people: readonly { userId: string; value: string | null }[],
  groups: number,
  random: Random,
): string[][] {
  const room = balancedSizes(people.length, groups);
  const plan: string[][] = Array.from({ length: groups }, () => []);
  const byValue = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const { userId, value } of shuffled(people, random)) {
    if (value === null || value === '') unknown.push(userId);
    else byValue.set(value, [...(byValue.get(value) ?? []), userId]);
  }
  const place = (group: number, userIds: string[]) => {
    plan[group]!.push(...userIds);
    room[group]! -= userIds.length;
  };
  const buckets = [...byValue.values()].sort((a, b) => b.length - a.length);
  for (const bucket of buckets) {
    const fits = room
      .map((free, group) => ({ free, group }))
      .filter(({ free }) => free >= bucket.length)
      .sort((a, b) => a.free - b.free)[0];
    if (fits) {
      place(fits.group, bucket);
      continue;
    }
    // Rooms sum to the people still unplaced, so the roomiest group always has room.
    let rest = bucket;
    while (rest.length > 0) {
      const roomiest = roomiestGroup(room);
      const take = Math.min(room[roomiest]!, rest.length);
      place(roomiest, rest.slice(0, take));
      rest = rest.slice(take);
    }
  }
  for (const userId of unknown) place(roomiestGroup(room), [userId]);
  return plan;
}

const roomiestGroup = (room: readonly number[]): number => room.indexOf(Math.max(...room));

/**
 * Someone picks a group themselves: they move there unless it already holds
 * `cap` people (their own place in it counts as theirs). Returns the new plan.
 */
export function chooseGroup(plan: readonly (readonly string[])[], userId: string, toGroup: number, cap: number): string[][] {
  const target = plan[toGroup];
  if (!target) throw new AppError('NOT_FOUND', 'no such group');
  if (!target.includes(userId) && target.length >= cap) throw new AppError('CONFLICT', 'this group is full');
  return movePerson(plan, userId, toGroup);
}

/**
 * Moves one person to another group (a moderator's drag and drop, or the
 * keyboard equivalent). Returns a new plan; the person leaves whatever group
 * they were in. Unknown groups are refused by the caller.
 */
export function movePerson(plan: readonly (readonly string[])[], userId: string, toGroup: number): string[][] {
  return plan.map((members, group) => {
    const others = members.filter((member) => member !== userId);
    return group === toGroup ? [...others, userId] : others;
  });
}
