import { useEffect, useState } from 'react';
import type { RoomInfo } from '../../../../shared/http.js';
import type { RoomId } from '../../../../shared/ids.js';
import { fetchRoom } from '../../api/httpApi.js';
import { RequestError } from '../../realtime/requestError.js';

export type RoomInfoState =
  | { status: 'loading' }
  | { status: 'found'; room: RoomInfo }
  | { status: 'missing' }
  /** The server could not be asked: the page goes on, and joining will say what is wrong. */
  | { status: 'unknown' };

/** Whether the room of a page exists and is locked, asked once before the pre-join form is shown. */
export function useRoomInfo(roomId: RoomId): RoomInfoState {
  const [state, setState] = useState<RoomInfoState>({ status: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchRoom(roomId, controller.signal).then(
      (room) => setState({ status: 'found', room }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: error instanceof RequestError && error.code === 'NOT_FOUND' ? 'missing' : 'unknown' });
      },
    );
    return () => controller.abort();
  }, [roomId]);
  return state;
}
