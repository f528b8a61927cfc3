import { describe, expect, it } from 'vitest';
import { ROLES, type Role, type Seat } from '../../shared/events.js';
import { hasPermission, PERMISSIONS, type Actor, type Permission } from './permissions.js';

const SEATS: (Seat | null)[] = [null, 'audience', 'stage'];

/** The whole matrix, written out: every role × seat × permission. */
function expected(role: Role, seat: Seat | null, permission: Permission): boolean {
  switch (permission) {
    case 'room:join':
    case 'room:leave':
    case 'media:receive':
      return true;
    case 'media:send':
    case 'stage:leave':
      return seat === 'stage';
    case 'hand:raise':
      return seat === 'audience';
    case 'self:respond':
      return seat !== null;
    case 'moderate':
      return role === 'moderator';
  }
}

describe('permissions', () => {
  for (const role of ROLES) {
    for (const seat of SEATS) {
      it(`${role} ${seat ?? 'outside a room'}`, () => {
        const actor: Actor = { role, seat };
        for (const permission of PERMISSIONS) {
          expect([permission, hasPermission(actor, permission)]).toEqual([permission, expected(role, seat, permission)]);
        }
      });
    }
  }

  it('a participant in the audience cannot send, moderate or leave a stage it is not on', () => {
    const participant: Actor = { role: 'participant', seat: 'audience' };
    expect(hasPermission(participant, 'media:send')).toBe(false);
    expect(hasPermission(participant, 'moderate')).toBe(false);
    expect(hasPermission(participant, 'stage:leave')).toBe(false);
  });

  it('a participant brought on stage may send but still not moderate', () => {
    const promoted: Actor = { role: 'participant', seat: 'stage' };
    expect(hasPermission(promoted, 'media:send')).toBe(true);
    expect(hasPermission(promoted, 'moderate')).toBe(false);
  });
});
