import type { Person } from '../../store/peopleSelectors.js';

/** One raising of one hand: lowered and raised again is a new one. */
const handKey = (person: Pick<Person, 'userId' | 'handRaisedAt'>) => `${person.userId}@${person.handRaisedAt ?? ''}`;

/**
 * The raised hands (in queue order) a moderator has not been told about yet;
 * they are added to `seen`. A list seen again, as after a reconnection,
 * brings nothing new.
 */
export function newlyRaisedHands(raisedHands: readonly Person[], seen: Set<string>): Person[] {
  const fresh = raisedHands.filter((person) => !seen.has(handKey(person)));
  for (const person of fresh) seen.add(handKey(person));
  return fresh;
}

/** What moderators read (and hear) when hands go up: who, and how many are waiting in all. */
export function raisedHandNotice(names: readonly string[], waiting: number): string {
  const who =
    names.length === 1
      ? names[0]
      : names.length === 2
        ? `${names[0]} and ${names[1]}`
        : `${names[0]} and ${names.length - 1} others`;
  return waiting > names.length ? `${who} raised a hand (${waiting} hands up).` : `${who} raised a hand.`;
}
