import { describe, expect, it } from 'vitest';
import { ROLES, type Role, type Seat } from './events.js';
import { isAlwaysListed, isVisibleTo, seesAuthorId, seesWholeAudience } from './roster.js';

const SEATS: Seat[] = ['audience', 'stage'];

describe('who sees whom', () => {
  it('everyone sees the stage and the moderators; nobody else by default', () => {
    for (const role of ROLES) {
      for (const seat of SEATS) {
        expect([role, seat, isAlwaysListed({ role, seat })]).toEqual([role, seat, seat === 'stage' || role === 'moderator']);
      }
    }
  });

  it('moderators always see the whole audience; others only when the room is open about it', () => {
    const see = (role: Role, open: boolean) => seesWholeAudience({ role }, open);
    expect(see('moderator', false)).toBe(true);
    expect(see('speaker', false)).toBe(false);
    expect(see('participant', false)).toBe(false);
    expect(see('participant', true)).toBe(true);
  });

  it('a participant never sees another audience member in a closed room, and sees them in an open one', () => {
    const bea = { role: 'participant' as const, seat: 'audience' as const };
    expect(isVisibleTo(bea, { role: 'participant' }, false)).toBe(false);
    expect(isVisibleTo(bea, { role: 'speaker' }, false)).toBe(false);
    expect(isVisibleTo(bea, { role: 'moderator' }, false)).toBe(true);
    expect(isVisibleTo(bea, { role: 'participant' }, true)).toBe(true);
    expect(isVisibleTo({ ...bea, seat: 'stage' }, { role: 'participant' }, false)).toBe(true);
  });
});

describe('who gets the id of an author', () => {
  it('the moderators and the author themself; nobody else, on stage or not', () => {
    expect(seesAuthorId({ userId: 'mo', role: 'moderator' }, 'gia')).toBe(true);
    expect(seesAuthorId({ userId: 'gia', role: 'participant' }, 'gia')).toBe(true);
    expect(seesAuthorId({ userId: 'pat', role: 'participant' }, 'gia')).toBe(false);
    expect(seesAuthorId({ userId: 'sara', role: 'speaker' }, 'gia')).toBe(false);
  });
});
