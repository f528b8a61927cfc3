import { useCallback, useEffect, useState } from 'react';
import type { RecordingDetail } from '../../../../shared/recordings.js';
import { fetchRecording } from '../../api/httpApi.js';
import { RequestError, type RequestErrorCode } from '../../realtime/requestError.js';
import { describeLibraryError } from '../library/recordingText.js';

export type RecordingState =
  | { status: 'loading' }
  | { status: 'loaded'; detail: RecordingDetail }
  | { status: 'error'; code: RequestErrorCode | null; message: string };

type Result = { key: string; detail: RecordingDetail } | { key: string; code: RequestErrorCode | null; message: string };

/** One recording with its timeline and media URLs, fetched again when the identity changes (and not before `isReady`: the identity is known). */
export function useRecording(id: string, token: string | null, isReady = true): { state: RecordingState; reload(): void } {
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify([id, token, generation]);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    if (!isReady) return;
    const controller = new AbortController();
    fetchRecording(id, token, controller.signal).then(
      (detail) => setResult({ key, detail }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult({ key, code: error instanceof RequestError ? error.code : null, message: describeLibraryError(error) });
      },
    );
    return () => controller.abort();
  }, [key, id, token, isReady]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const state: RecordingState =
    result === null || result.key !== key
      ? { status: 'loading' }
      : 'detail' in result
        ? { status: 'loaded', detail: result.detail }
        : { status: 'error', code: result.code, message: result.message };
  return { state, reload };
}
