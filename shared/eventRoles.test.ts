import { describe, expect, it } from 'vitest';
import { EVENT_ROLES, roomRoleOf, seesDrafts, SESSION_ROLES } from './eventRoles.js';

describe('roomRoleOf', () => {
  it('makes an event’s organisers and moderators moderators of every room, whatever the session says', () => {
    for (const session of [null, ...SESSION_ROLES]) {
      expect(roomRoleOf({ event: 'organiser', session })).toBe('moderator');
      expect(roomRoleOf({ event: 'moderator', session })).toBe('moderator');
    }
  });

  it('gives a session’s own moderators and speakers their role in its room only', () => {
    for (const event of [null, 'speaker', 'delegate'] as const) {
      expect(roomRoleOf({ event, session: 'moderator' })).toBe('moderator');
      expect(roomRoleOf({ event, session: 'speaker' })).toBe('speaker');
    }
  });

  it('seats everyone else in the audience: an event’s speakers too, where no session names them', () => {
    expect(roomRoleOf({ event: null, session: null })).toBe('participant');
    expect(roomRoleOf({ event: 'speaker', session: null })).toBe('participant');
    expect(roomRoleOf({ event: 'delegate', session: null })).toBe('participant');
  });
});

describe('seesDrafts', () => {
  it('is for organisers alone', () => {
    expect(EVENT_ROLES.filter(seesDrafts)).toEqual(['organiser']);
    expect(seesDrafts(null)).toBe(false);
  });
});
