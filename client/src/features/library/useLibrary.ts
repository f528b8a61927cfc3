import { useEffect, useState } from 'react';
import type { RecordingListResponse, RecordingSummary } from '../../../../shared/recordings.js';
import { fetchRecordings } from '../../api/httpApi.js';
import { useIsPageVisible } from '../conversation/useIsPageVisible.js';
import { toSearch, type LibraryFilters } from './libraryQuery.js';
import { describeLibraryError, isPackaging } from './recordingText.js';

/** How often organisers' packaging progress is asked for while something is packaging. */
const POLL_MS = 3000;
/** Recordings per page; "Show more" asks for the next. */
export const PAGE_SIZE = 24;
/** The most the API gives in one answer. */
const MAX_PER_REQUEST = 100;

export type LibraryState =
  | { status: 'loading' }
  /** `isRefreshing`: newer results (other filters, a refresh) are on their way. */
  | { status: 'loaded'; list: RecordingListResponse; isRefreshing: boolean }
  | { status: 'error'; message: string };

type Result = { key: string; list: RecordingListResponse } | { key: string; error: string };

/**
 * The library for some filters: loads as they change, refreshes on its own
 * while an organiser's recording is packaging (and the tab is in front),
 * and takes back a recording an organiser just changed.
 */
export function useLibrary(
  filters: LibraryFilters,
  token: string | null,
  /** False while the identity to ask with is not known yet: nothing is asked as nobody first. */
  isReady = true,
): { state: LibraryState; reload(): void; showMore(): void; replace(recording: RecordingSummary): void } {
  const { q, speaker, track, language, from, to } = filters;
  const filterKey = JSON.stringify([q, speaker, track, language, from, to]);
  // New filters start again from the first page.
  const [paging, setPaging] = useState({ filterKey, limit: PAGE_SIZE });
  const limit = paging.filterKey === filterKey ? paging.limit : PAGE_SIZE;
  const [generation, setGeneration] = useState(0);
  const requestKey = JSON.stringify([filterKey, limit, token, generation]);
  const [result, setResult] = useState<Result | null>(null);
  const isVisible = useIsPageVisible();

  useEffect(() => {
    if (!isReady) return;
    const controller = new AbortController();
    const key = requestKey;
    fetchUpTo({ q, speaker, track, language, from, to }, limit, token, controller.signal).then(
      (list) => setResult({ key, list }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ key, error: describeLibraryError(error) });
      },
    );
    return () => controller.abort();
  }, [requestKey, q, speaker, track, language, from, to, limit, token, isReady]);

  const state: LibraryState =
    result === null
      ? { status: 'loading' }
      : 'list' in result
        ? { status: 'loaded', list: result.list, isRefreshing: result.key !== requestKey }
        : result.key === requestKey
          ? { status: 'error', message: result.error }
          : { status: 'loading' };

  const isAnyPackaging = state.status === 'loaded' && state.list.recordings.some(isPackaging);
  useEffect(() => {
    if (!isAnyPackaging || !isVisible) return;
    const timer = setTimeout(() => setGeneration((value) => value + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [isAnyPackaging, isVisible, result]);

  const reload = () => setGeneration((value) => value + 1);
  const showMore = () => setPaging({ filterKey, limit: limit + PAGE_SIZE });
  const replace = (recording: RecordingSummary) => {
    setResult((previous) =>
      previous && 'list' in previous
        ? {
            ...previous,
            list: { ...previous.list, recordings: previous.list.recordings.map((item) => (item.id === recording.id ? recording : item)) },
          }
        : previous,
    );
  };
  return { state, reload, showMore, replace };
}

/** The first `limit` recordings, in as many requests as the API's page size needs. */
async function fetchUpTo(filters: LibraryFilters, limit: number, token: string | null, signal: AbortSignal): Promise<RecordingListResponse> {
  const first = await fetchRecordings(toSearch(filters, Math.min(limit, MAX_PER_REQUEST)), token, signal);
  const recordings = [...first.recordings];
  while (recordings.length < Math.min(limit, first.total)) {
    const size = Math.min(MAX_PER_REQUEST, limit - recordings.length);
    const next = await fetchRecordings({ ...toSearch(filters, size), offset: recordings.length }, token, signal);
    if (next.recordings.length === 0) break;
    recordings.push(...next.recordings);
  }
  return { ...first, recordings };
}
