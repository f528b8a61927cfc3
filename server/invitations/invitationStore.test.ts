import { describe, expect, it } from 'vitest';
import { asRoomId } from '../../shared/ids.js';
import { createTokenService } from '../auth/tokens.js';
import type { InvitationRecord, InvitationRepository } from '../db/invitationRepository.js';
import { createInvitationStore, invitationStatus } from './invitationStore.js';

const HOUR = 3_600_000;
const issuedAt = new Date(Date.UTC(2026, 0, 1));
const at = (hours: number) => issuedAt.getTime() + hours * HOUR;
const link = (lifetimeHours: number, revokedAt: Date | null = null) => ({
  issuedAt,
  expiresAt: new Date(at(lifetimeHours)),
  revokedAt,
});

describe('invitationStatus', () => {
  it('is active until its expiry, and expired from then on', () => {
    expect(invitationStatus(link(24), { now: at(23.99), maxHours: 168 })).toBe('active');
    expect(invitationStatus(link(24), { now: at(24), maxHours: 168 })).toBe('expired');
  });

  it('never outlives the server’s limit, even for a link minted when the limit was higher', () => {
    expect(invitationStatus(link(720), { now: at(100), maxHours: 168 })).toBe('active');
    expect(invitationStatus(link(720), { now: at(168), maxHours: 168 })).toBe('expired');
    expect(invitationStatus(link(72), { now: at(13), maxHours: 12 })).toBe('expired');
  });

  it('says revoked for a revoked link, expired or not', () => {
    expect(invitationStatus(link(24, new Date(at(1))), { now: at(2), maxHours: 168 })).toBe('revoked');
    expect(invitationStatus(link(24, new Date(at(1))), { now: at(48), maxHours: 168 })).toBe('revoked');
  });
});

/** The store over an in-memory table, counting the revocation lookups it makes. */
function storeOverMemory() {
  const rows = new Map<string, InvitationRecord>();
  const lookups: string[] = [];
  const repository: InvitationRepository = {
    create: async (invitation) => {
      const record = { ...invitation, revokedAt: null, uses: 0 };
      rows.set(record.id, record);
      return record;
    },
    get: async (id) => rows.get(id) ?? null,
    listForRoom: async (roomId) => [...rows.values()].filter((row) => row.roomId === roomId),
    revoke: async (roomId, id, at) => {
      const row = rows.get(id);
      if (!row || row.roomId !== roomId) return null;
      const changed = row.revokedAt === null;
      row.revokedAt ??= at;
      return { record: row, changed };
    },
    countUse: async (id) => {
      const row = rows.get(id);
      if (row) row.uses++;
    },
    revokedAt: async (id) => {
      lookups.push(id);
      return rows.has(id) ? rows.get(id)!.revokedAt : undefined;
    },
  };
  const tokens = createTokenService('s'.repeat(32));
  const store = createInvitationStore({ tokens, repository, limits: { maxHours: 168, moderatorHours: 24 }, linkBase: () => 'https://convene.example' });
  return { store, tokens, lookups };
}

const roomId = asRoomId('people-power');
const tokenOf = (url: string) => new URL(url).searchParams.get('invite')!;

describe('createInvitationStore', () => {
  it('accepts the links it minted, and refuses one signed with the secret but never stored', async () => {
    const { store, tokens } = storeOverMemory();
    const minted = await store.mint({ roomId, role: 'speaker', by: { userId: null, displayName: 'test' } });
    expect(await store.check(tokenOf(minted.url))).toMatchObject({ roomId, role: 'speaker' });
    const unstored = await tokens.invite({ roomId, role: 'moderator', expiresInHours: 1 });
    await expect(store.check(unstored.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('knows a revocation made here at once and keeps it; an invitation with no record grants nothing', async () => {
    const { store, lookups } = storeOverMemory();
    const minted = await store.mint({ roomId, role: 'moderator', by: { userId: null, displayName: 'test' } });
    const { invitationId } = minted.invitation;
    expect(await Promise.all([store.isRevoked(invitationId), store.isRevoked(invitationId)])).toEqual([false, false]);
    await store.revoke(roomId, invitationId);
    expect(await store.isRevoked(invitationId)).toBe(true);
    expect(await store.isRevoked('never-minted')).toBe(true);
    expect(lookups).toEqual([invitationId, 'never-minted']);
  });
});
