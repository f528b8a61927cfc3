import { useEffect, useState, type FormEvent } from 'react';
import type { RecordingFacets } from '../../../../shared/recordings.js';
import { hasFilters, NO_FILTERS, type LibraryFilters } from './libraryQuery.js';
import { languageName } from './recordingText.js';

/** Typing pauses this long before the list follows. */
const TYPING_PAUSE_MS = 400;

interface LibrarySearchProps {
  filters: LibraryFilters;
  facets: RecordingFacets;
  /** `replace`: a search made while typing replaces the address instead of adding to the history. */
  onSearch(filters: LibraryFilters, options?: { replace: boolean }): void;
}

/**
 * The search box and filters: the list follows the text once typing pauses
 * (or at once on Enter), and a filter as soon as it is chosen.
 */
export function LibrarySearch({ filters, facets, onSearch }: LibrarySearchProps) {
  const [text, setText] = useState(filters.q);
  // The text last sent to the address; another value there came from elsewhere (Back, "Clear"), and the box follows it.
  const [sent, setSent] = useState(filters.q);
  if (filters.q !== sent) {
    setSent(filters.q);
    setText(filters.q);
  }

  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = setTimeout(() => {
      setSent(text.trim());
      onSearch({ ...filters, q: text }, { replace: true });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, filters, onSearch]);

  const search = (next: LibraryFilters) => {
    setSent(next.q.trim());
    onSearch(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    search({ ...filters, q: text });
  };
  const choose = (name: keyof LibraryFilters) => (value: string) => search({ ...filters, q: text, [name]: value });

  return (
    <form role="search" className="library-search" onSubmit={submit}>
      <div className="library-search__query">
        <div className="field">
          <label htmlFor="library-q">Search</label>
          <input
            id="library-q"
            type="search"
            value={text}
            maxLength={200}
            placeholder="Title, speaker, topic…"
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </div>
      <div className="library-search__filters">
        <FilterSelect id="library-speaker" label="Speaker" anyLabel="Any speaker" value={filters.speaker} options={facets.speakers} onChange={choose('speaker')} />
        <FilterSelect id="library-track" label="Track or topic" anyLabel="Any track" value={filters.track} options={facets.tracks} onChange={choose('track')} />
        <FilterSelect
          id="library-language"
          label="Language"
          anyLabel="Any language"
          value={filters.language}
          options={facets.languages}
          describe={(code) => languageName(code)}
          onChange={choose('language')}
        />
        <div className="field">
          <label htmlFor="library-from">From</label>
          <input id="library-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(event) => choose('from')(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="library-to">To</label>
          <input id="library-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(event) => choose('to')(event.target.value)} />
        </div>
      </div>
      {hasFilters(filters) && (
        <button type="button" className="button button--secondary button--small" onClick={() => search(NO_FILTERS)}>
          Clear search and filters
        </button>
      )}
    </form>
  );
}

interface FilterSelectProps {
  id: string;
  label: string;
  anyLabel: string;
  value: string;
  options: string[];
  describe?(value: string): string;
  onChange(value: string): void;
}

function FilterSelect({ id, label, anyLabel, value, options, describe = (option) => option, onChange }: FilterSelectProps) {
  // A shared link may name a value no visible recording has (any more): keep it selectable.
  const values = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {describe(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
