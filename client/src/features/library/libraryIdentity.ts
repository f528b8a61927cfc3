/**
 * Which identity token the library and the replay page send. A person may
 * hold several in this tab: one per room they joined (sessionStorage, see
 * store/identityStorage.ts) and the one in the store. (Someone signed in
 * browses with their account's, see useLibraryIdentity.)
 */
import type { Identity } from '../../../../shared/events.js';
import type { RoomId } from '../../../../shared/ids.js';
import { loadRoomIdentity } from '../../store/identityStorage.js';

export interface KnownIdentity {
  token: string;
  identity: Identity;
}

/** Room identities are kept under this prefix by store/identityStorage.ts. */
const ROOM_IDENTITY_PREFIX = 'convene.identity.';

/**
 * The identity to browse with: a moderator's for `roomId` when there is one,
 * else any moderator's (they see their room's unfinished recordings), else
 * any unexpired one, else none.
 */
export function chooseIdentity(known: readonly KnownIdentity[], roomId: string | null, now = Date.now()): KnownIdentity | null {
  const valid = known.filter(({ token }) => !isExpired(token, now));
  const isModerator = (entry: KnownIdentity) => entry.identity.role === 'moderator';
  return (
    valid.find((entry) => isModerator(entry) && roomId !== null && entry.identity.roomId === roomId) ??
    valid.find(isModerator) ??
    valid[0] ??
    null
  );
}

/**
 * True when the token's `exp` has passed (a minute early, so a request does
 * not race it). The signature is the server's business; this only saves a
 * request that would be refused.
 */
export function isExpired(token: string, now: number): boolean {
  const left = expiresInMs(token, now);
  return left === null || left - 60_000 <= 0;
}

/** How long until the token's `exp`, or null when it cannot be read. */
export function expiresInMs(token: string, now: number): number | null {
  try {
    const payload: unknown = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const exp = typeof payload === 'object' && payload !== null && 'exp' in payload ? payload.exp : undefined;
    return typeof exp === 'number' ? exp * 1000 - now : null;
  } catch {
    return null;
  }
}

/** Every identity this tab holds: the current one and each room's. */
export function knownIdentities(current: Partial<KnownIdentity> | null): KnownIdentity[] {
  const known: KnownIdentity[] = [];
  if (current?.token && current.identity) known.push({ token: current.token, identity: current.identity });
  try {
    const storage = globalThis.sessionStorage;
    for (let index = 0; storage && index < storage.length; index++) {
      const key = storage.key(index);
      if (!key?.startsWith(ROOM_IDENTITY_PREFIX)) continue;
      const stored = loadRoomIdentity(key.slice(ROOM_IDENTITY_PREFIX.length) as RoomId);
      if (stored) known.push({ token: stored.token, identity: stored.identity });
    }
  } catch {
    // No storage (private modes): only the current identity is known.
  }
  return known;
}
