import { useCallback, useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LibraryResults } from './LibraryResults.js';
import { LibrarySearch } from './LibrarySearch.js';
import { SignInForRecordings } from './SignInForRecordings.js';
import { readFilters, writeFilters, type LibraryFilters } from './libraryQuery.js';
import { useLibrary } from './useLibrary.js';
import { useLibraryIdentity } from './useLibraryIdentity.js';
import './library.css';

const NO_FACETS = { tracks: [], languages: [], speakers: [] };

/** `/recordings`: the catch-up library, searchable and filterable; organisers also manage their sessions' recordings here. */
export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const { chosen, isSignedIn, isSettled } = useLibraryIdentity();
  const token = chosen?.token ?? null;
  const { state, reload, showMore, replace } = useLibrary(filters, token, isSettled);
  const facets = state.status === 'loaded' ? state.list.facets : NO_FACETS;

  useEffect(() => {
    document.title = 'Recorded sessions · Convene';
  }, []);

  const search = useCallback(
    (next: LibraryFilters, options?: { replace: boolean }) => setParams(writeFilters(next), { replace: options?.replace ?? false }),
    [setParams],
  );

  return (
    <main className="landing library">
      <nav aria-label="Breadcrumb" className="library__crumbs">
        <Link to="/">Convene</Link>
      </nav>
      <header>
        <h1>Recorded sessions</h1>
        <p className="muted">Watch sessions you missed, with their chat, questions and chapters, or download them to watch offline.</p>
      </header>
      <section className="panel">
        <LibrarySearch filters={filters} facets={facets} onSearch={search} />
      </section>
      {isSignedIn === false && <SignInForRecordings />}
      <section className="panel" aria-labelledby="results-heading">
        <h2 id="results-heading">Sessions</h2>
        <LibraryResults
          state={state}
          filters={filters}
          token={token}
          onRetry={reload}
          onShowMore={showMore}
          onChanged={replace}
          onClearFilters={() => setParams(new URLSearchParams())}
        />
      </section>
    </main>
  );
}
