import { describe, expect, it } from 'vitest';
import { invitationStatus } from './invitationStore.js';

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
