import { describe, expect, it } from 'vitest';
import type { RoomControls } from '../../shared/conversation.js';
import { outcomeOf } from '../test/outcome.js';
import { ROLES, type Role } from '../../shared/events.js';
import { assertMayAsk, assertMayEdit, deletionBy, mayReadThread, routeMessage, type Writer } from './chatPolicy.js';

const open: RoomControls = { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible: false };
const audienceOff: RoomControls = { ...open, isAudienceChatEnabled: false, autoRecord: false };

const outcome = (run: () => unknown): string => outcomeOf(run);

const writer = (role: Role, isChatMuted = false): Writer => ({ userId: `${role}-id`, role, isChatMuted });

describe('who may write where', () => {
  it('room chat: everyone, except participants while the audience chat is off, and muted people', () => {
    const table = Object.fromEntries(
      ROLES.flatMap((role) => [
        [`${role}`, outcome(() => routeMessage(writer(role), open, { channel: 'room' }).channel)],
        [`${role} audience chat off`, outcome(() => routeMessage(writer(role), audienceOff, { channel: 'room' }).channel)],
        [`${role} muted`, outcome(() => routeMessage(writer(role, true), open, { channel: 'room' }).channel)],
      ]),
    );
    expect(table).toEqual({
      participant: 'room',
      'participant audience chat off': 'FORBIDDEN',
      'participant muted': 'FORBIDDEN',
      speaker: 'room',
      'speaker audience chat off': 'room',
      'speaker muted': 'FORBIDDEN',
      moderator: 'room',
      'moderator audience chat off': 'room',
      'moderator muted': 'FORBIDDEN',
    });
  });

  it('moderators channel: open to everyone, even muted; people write in their own thread only', () => {
    for (const role of ['participant', 'speaker'] as const) {
      expect(routeMessage(writer(role, true), audienceOff, { channel: 'moderators' })).toEqual({
        channel: 'moderators',
        threadId: `${role}-id`,
      });
      expect(outcome(() => routeMessage(writer(role), open, { channel: 'moderators', threadId: 'someone-else' }))).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('moderators answer in a named thread, or talk among themselves without one', () => {
    expect(routeMessage(writer('moderator'), open, { channel: 'moderators', threadId: 'ama' }).threadId).toBe('ama');
    expect(routeMessage(writer('moderator'), open, { channel: 'moderators' }).threadId).toBeNull();
    expect(outcome(() => routeMessage(writer('moderator'), open, { channel: 'room', threadId: 'ama' }))).toBe(
      'INVALID_PAYLOAD',
    );
  });

  it('a thread is read by every moderator and the person it belongs to', () => {
    expect(mayReadThread({ userId: 'ama', role: 'participant' }, 'ama')).toBe(true);
    expect(mayReadThread({ userId: 'bo', role: 'participant' }, 'ama')).toBe(false);
    expect(mayReadThread({ userId: 'bo', role: 'speaker' }, null)).toBe(false);
    expect(mayReadThread({ userId: 'mona', role: 'moderator' }, 'ama')).toBe(true);
    expect(mayReadThread({ userId: 'mona', role: 'moderator' }, null)).toBe(true);
  });

  it('muted people cannot ask questions', () => {
    expect(outcome(() => assertMayAsk(writer('participant', true)))).toBe('FORBIDDEN');
    expect(outcome(() => assertMayAsk(writer('participant')))).toBe('ok');
  });
});

describe('editing and deleting', () => {
  const amas = { authorId: 'ama', isDeleted: false };

  it('only the author edits, and not once deleted', () => {
    expect(outcome(() => assertMayEdit({ userId: 'ama' }, amas))).toBe('ok');
    expect(outcome(() => assertMayEdit({ userId: 'bo' }, amas))).toBe('FORBIDDEN');
    expect(outcome(() => assertMayEdit({ userId: 'ama' }, { ...amas, isDeleted: true }))).toBe('CONFLICT');
  });

  it('the author or any moderator deletes; nobody else', () => {
    const table = Object.fromEntries(
      ROLES.flatMap((role) => [
        [`own ${role}`, outcome(() => deletionBy({ userId: 'ama', role }, amas))],
        [`other's ${role}`, outcome(() => deletionBy({ userId: 'bo', role }, amas))],
      ]),
    );
    expect(table).toEqual({
      'own participant': 'author',
      "other's participant": 'FORBIDDEN',
      'own speaker': 'author',
      "other's speaker": 'FORBIDDEN',
      'own moderator': 'author',
      "other's moderator": 'moderator',
    });
    expect(outcome(() => deletionBy({ userId: 'mona', role: 'moderator' }, { ...amas, isDeleted: true }))).toBe('CONFLICT');
  });
});
