import type { CreateIdentityResponse } from '../../../shared/http.js';
import type { RoomId } from '../../../shared/ids.js';

/**
 * Remembers a room's identity token for this tab only (sessionStorage): a
 * reload comes back as the same person, and the server gives their seat
 * back; another tab is another person. Storage can be missing or throw
 * (private modes): then a reload simply gets a new identity.
 */
const keyOf = (roomId: RoomId) => `convene.identity.${roomId}`;

export interface StoredIdentity extends CreateIdentityResponse {
  /** The invitation the identity was created with: another invitation needs another identity. */
  invitation: string | null;
}

export function loadRoomIdentity(roomId: RoomId): StoredIdentity | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(keyOf(roomId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isStoredIdentity(value) ? value : null;
  } catch {
    return null;
  }
}

export function saveRoomIdentity(roomId: RoomId, stored: StoredIdentity): void {
  try {
    globalThis.sessionStorage?.setItem(keyOf(roomId), JSON.stringify(stored));
  } catch {
    // Not remembered; a reload will ask for a new identity.
  }
}

export function forgetRoomIdentity(roomId: RoomId): void {
  try {
    globalThis.sessionStorage?.removeItem(keyOf(roomId));
  } catch {
    // Nothing stored, nothing to forget.
  }
}

function isStoredIdentity(value: unknown): value is StoredIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const identity = record.identity as Record<string, unknown> | null | undefined;
  return (
    typeof record.token === 'string' &&
    (record.invitation === null || typeof record.invitation === 'string') &&
    typeof identity === 'object' &&
    identity !== null &&
    typeof identity.displayName === 'string'
  );
}
