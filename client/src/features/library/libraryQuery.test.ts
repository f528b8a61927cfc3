import { describe, expect, it } from 'vitest';
import { hasFilters, NO_FILTERS, readFilters, toSearch, writeFilters } from './libraryQuery.js';

describe('library filters in the address', () => {
  it('round-trip, leaving empty ones out', () => {
    const filters = { ...NO_FILTERS, q: 'climate finance', language: 'fr', from: '2026-11-01' };
    const params = writeFilters(filters);
    expect(params.toString()).toBe('q=climate+finance&language=fr&from=2026-11-01');
    expect(readFilters(params)).toEqual(filters);
  });

  it('drop malformed dates and trim text', () => {
    expect(readFilters(new URLSearchParams('q=%20hi%20&from=yesterday&to=2026-13'))).toEqual({ ...NO_FILTERS, q: 'hi' });
  });

  it('know when any filter is set', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, speaker: 'Amina' })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, q: '   ' })).toBe(false);
  });

  it('ask for a swapped date range the right way round', () => {
    expect(toSearch({ ...NO_FILTERS, from: '2026-11-30', to: '2026-11-01' }, 24)).toMatchObject({ from: '2026-11-01', to: '2026-11-30', limit: 24 });
  });
});
