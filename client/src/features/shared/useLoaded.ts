import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { describeError, RequestError } from '../../realtime/requestError.js';

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'missing' }
  | { status: 'error'; message: string; code: RequestError['code'] | null };

/**
 * Something a page reads from the server: loading, loaded, missing
 * (`NOT_FOUND`) or failed with a way to try again. Reads again when `key`
 * changes; a read overtaken by the next is dropped.
 */
export function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>, key: string): { state: Loaded<T>; reload(): void } {
  const [generation, setGeneration] = useState(0);
  const reading = `${generation}:${key}`;
  // What the last read settled to, and for which reading: another reading is still loading.
  const [settled, setSettled] = useState<{ reading: string; state: Loaded<T> } | null>(null);
  // The latest `load` (a new function each render), without making each render a new read: `reading` says when.
  const read = useEffectEvent(load);
  useEffect(() => {
    const controller = new AbortController();
    read(controller.signal).then(
      (value) => setSettled({ reading, state: { status: 'loaded', value } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const state: Loaded<T> =
          error instanceof RequestError && error.code === 'NOT_FOUND' ? { status: 'missing' } : { status: 'error', message: describeError(error), code: error instanceof RequestError ? error.code : null };
        setSettled({ reading, state });
      },
    );
    return () => controller.abort();
  }, [reading]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state: settled?.reading === reading ? settled.state : { status: 'loading' }, reload };
}
