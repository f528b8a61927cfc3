import { describe, expect, it } from 'vitest';
import { rangesOf } from './stagedBroadcast.js';

describe('rangesOf', () => {
  it('folds runs of ascending numbers into inclusive ranges', () => {
    expect(rangesOf([])).toEqual([]);
    expect(rangesOf([7])).toEqual([[7, 7]]);
    expect(rangesOf([3, 4, 5, 9, 11, 12])).toEqual([
      [3, 5],
      [9, 9],
      [11, 12],
    ]);
  });
});
