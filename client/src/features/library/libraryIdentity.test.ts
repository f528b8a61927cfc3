import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../../shared/events.js';
import type { RoomId } from '../../../../shared/ids.js';
import { chooseIdentity, expiresInMs, isExpired, knownIdentities, type KnownIdentity } from './libraryIdentity.js';

const NOW = Date.UTC(2026, 10, 25, 12);

/** A token shaped like a JWT whose payload expires at `exp` (seconds); the signature is the server's to check. */
function tokenExpiringAt(exp: number | undefined): string {
  const payload = Buffer.from(JSON.stringify(exp === undefined ? {} : { exp })).toString('base64url');
  return `header.${payload}.signature`;
}

function known(role: Identity['role'], roomId: string | null, exp = NOW / 1000 + 3600): KnownIdentity {
  return {
    token: tokenExpiringAt(exp),
    identity: { userId: `${role}-${roomId}`, displayName: 'X', role, roomId: roomId as RoomId | null, invitationId: null, accountId: null },
  };
}

describe('chooseIdentity', () => {
  it("prefers a moderator of the recording's room, then any moderator, then anyone", () => {
    const participant = known('participant', null);
    const moderatorA = known('moderator', 'room-a');
    const moderatorB = known('moderator', 'room-b');
    expect(chooseIdentity([participant, moderatorA, moderatorB], 'room-b', NOW)).toBe(moderatorB);
    expect(chooseIdentity([participant, moderatorA, moderatorB], null, NOW)).toBe(moderatorA);
    expect(chooseIdentity([participant, known('speaker', 'room-a')], 'room-a', NOW)).toBe(participant);
    expect(chooseIdentity([], null, NOW)).toBeNull();
  });

  it('leaves out tokens that have expired', () => {
    const expiredModerator = known('moderator', 'room-a', NOW / 1000 - 10);
    const participant = known('participant', null);
    expect(chooseIdentity([expiredModerator, participant], 'room-a', NOW)).toBe(participant);
    expect(chooseIdentity([expiredModerator], 'room-a', NOW)).toBeNull();
  });
});

describe('isExpired', () => {
  it('reads the payload’s exp, a minute early, and treats anything unreadable as expired', () => {
    expect(isExpired(tokenExpiringAt(NOW / 1000 + 3600), NOW)).toBe(false);
    expect(isExpired(tokenExpiringAt(NOW / 1000 + 30), NOW)).toBe(true);
    expect(isExpired(tokenExpiringAt(undefined), NOW)).toBe(true);
    expect(isExpired('garbage', NOW)).toBe(true);
  });

  it('says how long a token has left, for renewing it before it runs out', () => {
    expect(expiresInMs(tokenExpiringAt(NOW / 1000 + 3600), NOW)).toBe(3_600_000);
    expect(expiresInMs(tokenExpiringAt(undefined), NOW)).toBeNull();
    expect(expiresInMs('garbage', NOW)).toBeNull();
  });
});

describe('knownIdentities', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gathers the current identity and every room’s kept in this tab', () => {
    const items = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      get length() {
        return items.size;
      },
      key: (index: number) => [...items.keys()][index] ?? null,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => items.set(key, value),
      removeItem: (key: string) => items.delete(key),
    });
    const current = known('participant', null);
    const moderator = known('moderator', 'people-power');
    items.set('convene.identity.people-power', JSON.stringify({ ...moderator, invitation: 'inv' }));
    items.set('convene.identity.broken', '{not json');
    items.set('convene.displayName', 'Pat');

    expect(knownIdentities(current)).toEqual([current, moderator]);
  });

  it('copes without storage', () => {
    vi.stubGlobal('sessionStorage', undefined);
    expect(knownIdentities(null)).toEqual([]);
  });
});
