import { describe, expect, it } from 'vitest';
import { clientEvents, ROLES, type ClientEventName, type Role, type Seat } from '../../shared/events.js';
import { EVENT_PERMISSIONS, hasPermission, PERMISSIONS, type Actor, type Permission } from './permissions.js';

const SEATS: (Seat | null)[] = [null, 'audience', 'stage'];

/** The whole matrix, written out: every role × seat × roster rule × permission. */
function expected(role: Role, seat: Seat | null, permission: Permission, isRosterOpen: boolean): boolean {
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
    case 'take-part':
      return seat !== null;
    case 'moderate':
      return role === 'moderator' && seat !== null;
    case 'roster:read':
      return seat !== null && (role === 'moderator' || isRosterOpen);
  }
}

/**
 * Every client event, by who may send it. Written out rather than derived
 * from EVENT_PERMISSIONS, so that moving an event to a looser permission
 * fails here.
 */
const WHO_MAY: Record<'anyone' | 'in a room' | 'audience' | 'stage' | 'moderators' | 'who sees the audience', ClientEventName[]> = {
  anyone: [
    'room:join',
    'room:leave',
    'transport:create',
    'transport:connect',
    'transport:restart-ice',
    'media:consume',
    'media:resume-consumer',
    'media:pause-consumer',
    'media:set-consumer-layers',
  ],
  'in a room': [
    'hand:lower',
    'stage:respond',
    'chat:send',
    'room:catch-up',
    'chat:history',
    'chat:edit',
    'chat:delete',
    'question:ask',
    'question:upvote',
    'question:withdraw',
    'poll:vote',
    'reaction:send',
    'buzz:choose',
    'buzz:resync',
    'stage:resync',
    'buzz:call-help',
    'notes:update',
    'recording:opt-out',
  ],
  audience: ['hand:raise'],
  'who sees the audience': ['peers:list'],
  stage: ['media:produce', 'media:close-producer', 'media:pause-producer', 'media:resume-producer', 'stage:leave'],
  moderators: [
    'stage:invite',
    'stage:send-to-audience',
    'moderation:lower-hand',
    'moderation:stop-media',
    'moderation:remove',
    'moderation:readmit',
    'invitation:create',
    'invitation:list',
    'invitation:revoke',
    'chat:mute-person',
    'question:moderate',
    'poll:create',
    'poll:open',
    'poll:close',
    'poll:share-results',
    'room:set-controls',
    'lobby:admit',
    'lobby:refuse',
    'audit:list',
    'buzz:draft',
    'buzz:update-draft',
    'buzz:start',
    'buzz:extend',
    'buzz:end',
    'buzz:cancel',
    'buzz:broadcast',
    'buzz:speak-to-all',
    'buzz:move',
    'buzz:clear-help',
    'recording:start',
    'recording:stop',
    'recording:mark-chapter',
  ],
};

function mayAct(group: keyof typeof WHO_MAY, { role, seat, isRosterOpen }: Actor): boolean {
  switch (group) {
    case 'anyone':
      return true;
    case 'in a room':
      return seat !== null;
    case 'audience':
      return seat === 'audience';
    case 'stage':
      return seat === 'stage';
    case 'moderators':
      return role === 'moderator' && seat !== null;
    case 'who sees the audience':
      return seat !== null && (role === 'moderator' || isRosterOpen === true);
  }
}

describe('every event × role × seat', () => {
  it('lists each event exactly once', () => {
    const listed = Object.values(WHO_MAY).flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(clientEvents).sort());
  });

  for (const role of ROLES) {
    for (const seat of SEATS) {
      for (const isRosterOpen of [false, true]) {
        it(`${role} ${seat ?? 'outside a room'}${isRosterOpen ? ', audience shown to all' : ''}`, () => {
          const actor: Actor = { role, seat, isRosterOpen };
          for (const [group, events] of Object.entries(WHO_MAY) as [keyof typeof WHO_MAY, ClientEventName[]][]) {
            for (const event of events) {
              const allowed = hasPermission(actor, EVENT_PERMISSIONS[event]);
              expect([event, allowed]).toEqual([event, mayAct(group, actor)]);
            }
          }
        });
      }
    }
  }
});

describe('permissions', () => {
  for (const role of ROLES) {
    for (const seat of SEATS) {
      for (const isRosterOpen of [false, true]) {
        it(`${role} ${seat ?? 'outside a room'}${isRosterOpen ? ', audience shown to all' : ''}`, () => {
          const actor: Actor = { role, seat, isRosterOpen };
          for (const permission of PERMISSIONS) {
            expect([permission, hasPermission(actor, permission)]).toEqual([
              permission,
              expected(role, seat, permission, isRosterOpen),
            ]);
          }
        });
      }
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
