import type { RoomId } from '../../../shared/ids.js';
import type { ChatReadState } from './chatViews.js';

/**
 * Remembers how far this tab has read each room's chat (sessionStorage), so
 * a reload does not count the same messages as new again. Storage can be
 * missing or throw (private modes): then the count simply starts afresh.
 */
const keyOf = (roomId: RoomId) => `convene.chatRead.${roomId}`;

export function loadChatRead(roomId: RoomId): ChatReadState | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(keyOf(roomId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isChatReadState(value) ? value : null;
  } catch {
    return null;
  }
}

export function saveChatRead(roomId: RoomId, read: ChatReadState): void {
  try {
    globalThis.sessionStorage?.setItem(keyOf(roomId), JSON.stringify(read));
  } catch {
    // Not remembered; after a reload the count starts from what is there.
  }
}

function isChatReadState(value: unknown): value is ChatReadState {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.baseline !== 'number' || typeof record.views !== 'object' || record.views === null) return false;
  return Object.values(record.views).every((seq) => typeof seq === 'number');
}
