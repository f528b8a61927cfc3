import { describe, expect, it } from 'vitest';
import { normaliseChoices, resultRows } from './pollResults.js';

describe('resultRows', () => {
  it('gives each option its votes and share of the voters', () => {
    expect(resultRows({ options: ['Yes', 'No', 'Maybe'] }, { counts: [2, 1, 0], voters: 3 })).toEqual([
      { option: 'Yes', count: 2, percent: 67 },
      { option: 'No', count: 1, percent: 33 },
      { option: 'Maybe', count: 0, percent: 0 },
    ]);
  });

  it('counts shares of voters when several choices are allowed (they add up to more than 100)', () => {
    const rows = resultRows({ options: ['A', 'B'] }, { counts: [4, 4], voters: 4 });
    expect(rows.map((row) => row.percent)).toEqual([100, 100]);
  });

  it('shows 0% before anyone voted', () => {
    expect(resultRows({ options: ['A', 'B'] }, { counts: [0, 0], voters: 0 }).map((row) => row.percent)).toEqual([0, 0]);
  });
});

describe('normaliseChoices', () => {
  it('keeps distinct, existing option indexes in order', () => {
    expect(normaliseChoices([2, 0, 2, 5, -1], 3)).toEqual([0, 2]);
  });
});
