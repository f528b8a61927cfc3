import { describe, expect, it } from 'vitest';
import { ChangeSequence, isNewer } from './changeSequence.js';

/** Feeds `numbers` in turn; returns whether a hole was open after each. */
const feed = (sequence: ChangeSequence, numbers: number[]) => numbers.map((n) => sequence.saw(n));

describe('ChangeSequence', () => {
  it('moves its head with numbers arriving in order, never opening a hole', () => {
    const sequence = new ChangeSequence(10);
    expect(feed(sequence, [11, 12, 13])).toEqual([false, false, false]);
    expect(sequence.head).toBe(13);
    expect(sequence.hasGap).toBe(false);
  });

  it('starts from nothing by default', () => {
    const sequence = new ChangeSequence();
    expect(sequence.head).toBe(0);
    expect(sequence.saw(1)).toBe(false);
    expect(sequence.head).toBe(1);
  });

  it('holds a number that overtook an earlier one, and closes the hole when the earlier one arrives', () => {
    const sequence = new ChangeSequence(10);
    // Two processes' broadcasts crossed: 12 and 13 before 11.
    expect(feed(sequence, [12, 13])).toEqual([true, true]);
    expect(sequence.head).toBe(10);
    expect(sequence.saw(11)).toBe(false);
    expect(sequence.head).toBe(13);
  });

  it('keeps the head at the end of the unbroken run while a number is missing', () => {
    const sequence = new ChangeSequence(10);
    expect(feed(sequence, [11, 13, 14])).toEqual([false, true, true]);
    // What to ask from: everything up to 11 is held, 12 is not.
    expect(sequence.head).toBe(11);
    expect(sequence.hasGap).toBe(true);
  });

  it('fills the hole up to an answer’s head, then runs on through numbers already seen beyond it', () => {
    const sequence = new ChangeSequence(10);
    feed(sequence, [11, 14, 16]);
    // The catch-up was read when the room stood at 13: 12 and 13 are now held, then 14; 15 is still missing.
    sequence.caughtUpTo(13);
    expect(sequence.head).toBe(14);
    expect(sequence.hasGap).toBe(true);
    sequence.saw(15);
    expect(sequence.head).toBe(16);
    expect(sequence.hasGap).toBe(false);
  });

  it('forgets numbers an answer already covers', () => {
    const sequence = new ChangeSequence(10);
    feed(sequence, [12, 15]);
    // The answer was read later than both.
    sequence.caughtUpTo(20);
    expect(sequence.head).toBe(20);
    expect(sequence.hasGap).toBe(false);
  });

  it('never moves back for an answer older than what it holds', () => {
    const sequence = new ChangeSequence(10);
    feed(sequence, [11, 12, 14]);
    sequence.caughtUpTo(9);
    expect(sequence.head).toBe(12);
    expect(sequence.hasGap).toBe(true);
  });

  it('ignores a number seen twice', () => {
    const sequence = new ChangeSequence(10);
    expect(feed(sequence, [11, 11, 13, 13])).toEqual([false, false, true, true]);
    expect(sequence.head).toBe(11);
    sequence.saw(12);
    expect(sequence.head).toBe(13);
    expect(sequence.hasGap).toBe(false);
  });

  it('ignores numbers at or below its head: the snapshot or an answer already held them', () => {
    const sequence = new ChangeSequence(10);
    expect(feed(sequence, [10, 7, 0])).toEqual([false, false, false]);
    expect(sequence.head).toBe(10);
    expect(sequence.hasGap).toBe(false);
  });
});

describe('isNewer', () => {
  it('takes a record the client does not hold', () => {
    expect(isNewer(0, undefined)).toBe(true);
    expect(isNewer(5, undefined)).toBe(true);
  });

  it('takes a later state and refuses the same or an older one', () => {
    expect(isNewer(6, 5)).toBe(true);
    expect(isNewer(5, 5)).toBe(false);
    expect(isNewer(4, 5)).toBe(false);
  });
});
