import type { RoomId } from '../../../../shared/ids.js';

/** Same rule as `roomIdSchema` (shared/ids.ts), without shipping zod to the browser. */
const ROOM_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The room id of a `/r/:roomId` address, or null if it cannot be one. */
export function parseRoomId(value: string | undefined): RoomId | null {
  if (value === undefined || value.length > 64 || !ROOM_ID.test(value)) return null;
  return value as RoomId;
}
