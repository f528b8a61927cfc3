import type { RecordingSummary } from '../../../../shared/recordings.js';
import { hasFilters, type LibraryFilters } from './libraryQuery.js';
import { RecordingCard } from './RecordingCard.js';
import type { LibraryState } from './useLibrary.js';

interface LibraryResultsProps {
  state: LibraryState;
  filters: LibraryFilters;
  /** The organiser's token, for what they change on a card. */
  token: string | null;
  onRetry(): void;
  onShowMore(): void;
  onChanged(recording: RecordingSummary): void;
  onClearFilters(): void;
}

/** The result list, or why there is none (loading, an error, nothing yet, nothing matching). */
export function LibraryResults({ state, filters, token, onRetry, onShowMore, onChanged, onClearFilters }: LibraryResultsProps) {
  switch (state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          Loading recorded sessions…
        </p>
      );
    case 'error':
      return (
        <div className="notice notice--error" role="alert">
          <p>We could not load the recorded sessions. {state.message}</p>
          <button type="button" className="button button--secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      );
    case 'loaded': {
      const { recordings, total } = state.list;
      return (
        <div aria-busy={state.isRefreshing || undefined}>
          <p className="muted" role="status">
            {resultCount(recordings.length, total, filters)}
          </p>
          {recordings.length === 0 ? (
            hasFilters(filters) && (
              <button type="button" className="button button--secondary" onClick={onClearFilters}>
                Clear search and filters
              </button>
            )
          ) : (
            <ul className="recording-list" aria-label="Recorded sessions">
              {recordings.map((recording) => (
                <RecordingCard key={recording.id} recording={recording} token={token} onChanged={onChanged} />
              ))}
            </ul>
          )}
          {recordings.length < total && (
            <button type="button" className="button button--secondary library__more" onClick={onShowMore}>
              Show more sessions
            </button>
          )}
        </div>
      );
    }
  }
}

function resultCount(shown: number, total: number, filters: LibraryFilters): string {
  if (total === 0) {
    if (!hasFilters(filters)) return 'No recorded sessions yet. Sessions appear here once they have been recorded and prepared.';
    return `Nothing matches ${describeFilters(filters)}.`;
  }
  const sessions = `${total} ${total === 1 ? 'session' : 'sessions'}`;
  return shown < total ? `Showing ${shown} of ${sessions}.` : `${sessions}.`;
}

/** "“climate” by Amina, in French, from 1 Nov": what was asked for, in words. */
function describeFilters(filters: LibraryFilters): string {
  const parts = [
    filters.q && `“${filters.q}”`,
    filters.speaker && `with ${filters.speaker}`,
    filters.track && `in the track ${filters.track}`,
    filters.language && `in ${filters.language}`,
    filters.from && `from ${filters.from}`,
    filters.to && `until ${filters.to}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'these filters';
}
