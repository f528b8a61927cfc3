import { describe, expect, it } from 'vitest';
import { joinTicked, tickedOf, toggleTicked } from './tickedList.js';

describe('a list of ticked boxes in a form field', () => {
  it('keeps the entries in the order they were ticked', () => {
    expect(toggleTicked('', 'fr', true)).toBe('fr');
    expect(tickedOf(toggleTicked('fr', 'en', true))).toEqual(['fr', 'en']);
    expect(toggleTicked(joinTicked(['fr', 'en']), 'fr', false)).toBe('en');
    expect(toggleTicked('en', 'en', true)).toBe('en');
    expect(tickedOf('')).toEqual([]);
  });

  it('holds entries whose names hold commas', () => {
    const ticked = toggleTicked(toggleTicked('', 'Funding, and what follows', true), 'Civic space', true);
    expect(tickedOf(ticked)).toEqual(['Funding, and what follows', 'Civic space']);
    expect(toggleTicked(ticked, 'Funding, and what follows', false)).toBe('Civic space');
  });
});
