import { describe, expect, it } from 'vitest';
import type { InvitationInfo } from '../../../../shared/invitations.js';
import { describeInvitation, describeLifetime, lifetimeChoices } from './invitationText.js';

const limits = (maxHours: number, moderator = 24) => ({
  maxHours,
  defaultHours: { moderator, speaker: Math.min(72, maxHours), participant: Math.min(72, maxHours) },
});

describe('lifetimeChoices', () => {
  it('offers nothing beyond the server’s limit, and the limit itself', () => {
    expect(lifetimeChoices(limits(168), 'speaker')).toEqual([1, 8, 24, 72, 168]);
    expect(lifetimeChoices(limits(48), 'speaker')).toEqual([1, 8, 24, 48]);
    expect(lifetimeChoices(limits(2160), 'speaker')).toEqual([1, 8, 24, 72, 168, 720, 2160]);
  });

  it('always offers the role’s default', () => {
    expect(lifetimeChoices(limits(168, 12), 'moderator')).toEqual([1, 8, 12, 24, 72, 168]);
  });
});

describe('describeLifetime', () => {
  it('says hours, days or weeks', () => {
    expect([1, 8, 24, 72, 168, 720].map((hours) => describeLifetime(hours, 'en'))).toEqual([
      '1 hour',
      '8 hours',
      '1 day',
      '3 days',
      '1 week',
      '30 days',
    ]);
  });
});

describe('describeInvitation', () => {
  const link: InvitationInfo = {
    invitationId: '0b9d7c1e-5a4f-4c36-9f0e-2d8a6b1c3e57',
    role: 'speaker',
    createdAt: '2026-12-02T12:00:00.000Z',
    expiresAt: '2026-12-03T12:00:00.000Z',
    createdBy: 'Ama',
    uses: 0,
    status: 'active',
  };

  it('names the role, the state, who made it and how often it was used', () => {
    expect(describeInvitation(link).title).toBe('Speaker link');
    expect(describeInvitation(link).details).toMatch(/^Works until .+ · by Ama · not used yet$/);
    expect(describeInvitation({ ...link, uses: 1, status: 'revoked' }).details).toBe('Revoked · by Ama · used 1 time');
    expect(describeInvitation({ ...link, uses: 3, status: 'expired' }).details).toBe('Expired · by Ama · used 3 times');
  });
});
