import type { RoomSummary } from '../../../../shared/http.js';
import { fetchRooms } from '../../api/httpApi.js';
import { useLoaded, type Loaded } from '../shared/useLoaded.js';

export type RoomsState = Loaded<RoomSummary[]>;

/** The room list from `GET /api/rooms`, with a way to try again after a failure. */
export function useRooms(): { state: RoomsState; reload(): void } {
  return useLoaded(fetchRooms, 'rooms');
}
