/**
 * The library's search and filters live in the page's address
 * (`/recordings?q=…&track=…`), so a search can be shared and Back works.
 */
import type { RecordingSearch } from '../../api/httpApi.js';

export const FILTER_NAMES = ['q', 'speaker', 'track', 'language', 'from', 'to'] as const;
export type LibraryFilters = Record<(typeof FILTER_NAMES)[number], string>;

export const NO_FILTERS: LibraryFilters = { q: '', speaker: '', track: '', language: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters an address carries; anything malformed is dropped rather than sent. */
export function readFilters(params: URLSearchParams): LibraryFilters {
  const value = (name: keyof LibraryFilters) => (params.get(name) ?? '').trim();
  const from = value('from');
  const to = value('to');
  return {
    q: value('q').slice(0, 200),
    speaker: value('speaker').slice(0, 60),
    track: value('track').slice(0, 100),
    language: value('language').slice(0, 35),
    from: DAY.test(from) ? from : '',
    to: DAY.test(to) ? to : '',
  };
}

/** The address's query for these filters, without the empty ones. */
export function writeFilters(filters: LibraryFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params;
}

export function hasFilters(filters: LibraryFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name].trim() !== '');
}

/** What the API is asked for: the filters, with dates in order (a swapped range is swapped back). */
export function toSearch(filters: LibraryFilters, limit: number): RecordingSearch {
  const { from, to } = filters.from && filters.to && filters.from > filters.to ? { from: filters.to, to: filters.from } : filters;
  return { ...filters, from, to, limit };
}
