import type { RoomSummary } from '../../shared/http.js';

/**
 * What the live layer needs from stored rooms: which rooms exist, and an
 * attendance record per stay. Implemented over Prisma by db/roomRepository.ts.
 */
export interface RoomDirectory {
  listRooms(): Promise<RoomSummary[]>;
  getRoom(id: string): Promise<RoomSummary | null>;
  startVisit(visit: { roomId: string; peerId: string; displayName: string }): Promise<string>;
  endVisit(visitId: string): Promise<void>;
}
