import { useCallback, useEffect, useState } from 'react';
import type { RoomSummary } from '../../../../shared/http.js';
import { fetchRooms } from '../../api/httpApi.js';
import { describeError } from '../../realtime/requestError.js';

export type RoomsState =
  | { status: 'loading' }
  | { status: 'loaded'; rooms: RoomSummary[] }
  | { status: 'error'; message: string };

/** The room list from `GET /api/rooms`, with a way to try again after a failure. */
export function useRooms(): { state: RoomsState; reload(): void } {
  const [state, setState] = useState<RoomsState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchRooms(controller.signal).then(
      (rooms) => setState({ status: 'loaded', rooms }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: describeError(error) });
      },
    );
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((value) => value + 1);
  }, []);
  return { state, reload };
}
