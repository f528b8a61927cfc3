import { describe, expect, it } from 'vitest';
import type { PeerInfo } from '../../../shared/events.js';
import { createAppStore } from './appStore.js';
import { countPlaceable, findScreenShare, groupPeople, mayShow, micStateOf, seesAudience } from './peopleSelectors.js';
import { peer, producer } from './testPeople.js';

/** Peers as the store holds them. */
function storeWith(...peers: PeerInfo[]) {
  const store = createAppStore();
  store.getState().resetPeers(peers);
  return store.getState().peers;
}

describe('groupPeople', () => {
  const peers = storeWith(
    peer(2, 'Bruno', { seat: 'audience', handRaisedAt: 300 }),
    peer(3, 'Chen', { seat: 'stage', role: 'speaker' }),
    peer(4, 'Dara', { seat: 'audience' }),
    peer(5, 'Esi', { seat: 'audience', handRaisedAt: 100 }),
    peer(6, 'Farid', { seat: 'audience', handRaisedAt: 200 }),
  );

  it('puts everyone in exactly one group, raised hands in the order they went up', () => {
    const groups = groupPeople(null, peers);
    expect(groups.stage.map((p) => p.displayName)).toEqual(['Chen']);
    expect(groups.raisedHands.map((p) => p.displayName)).toEqual(['Esi', 'Farid', 'Bruno']);
    expect(groups.audience.map((p) => p.displayName)).toEqual(['Dara']);
  });

  it('lists oneself first in their group, marked as self', () => {
    const { producers: _producers, ...self } = peer(1, 'Amina', { seat: 'stage', role: 'moderator' });
    const groups = groupPeople(self, peers);
    expect(groups.stage.map((p) => [p.displayName, p.isSelf])).toEqual([
      ['Amina', true],
      ['Chen', false],
    ]);
  });
});

describe('micStateOf', () => {
  it('tells a sending, a muted and a missing microphone apart', () => {
    const mic = producer(1, 1, { kind: 'audio', source: 'microphone' });
    expect(micStateOf([mic])).toBe('on');
    expect(micStateOf([{ ...mic, pausedBy: 'moderator' }])).toBe('muted');
    expect(micStateOf([{ ...mic, pausedBy: 'self' }])).toBe('muted');
    expect(micStateOf([producer(1, 2)])).toBe('none');
  });
});

describe('findScreenShare', () => {
  it('finds the peer sharing a screen, if anyone is', () => {
    const screen = producer(3, 9, { source: 'screen' });
    const peers = storeWith(peer(2, 'Bruno', { seat: 'stage', producers: [producer(2, 1)] }), peer(3, 'Chen', { seat: 'stage', producers: [screen] }));
    expect(findScreenShare(peers)?.peer.displayName).toBe('Chen');
    expect(findScreenShare(peers.slice(0, 1))).toBeNull();
  });
});

describe('who this browser may see, and how many there are', () => {
  const self = (role: 'participant' | 'moderator', seat: 'audience' | 'stage' = 'audience') => {
    const { producers: _producers, ...person } = peer(1, 'Me', { role, seat });
    return person;
  };
  const view = (role: 'participant' | 'moderator', isRosterVisible = false, buzzGroupIndex: number | null = null) => ({
    self: self(role),
    roomControls: { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible },
    buzzGroupIndex,
  });

  it('shows a participant the stage and the moderators only, unless the room shows its audience or is a buzz group', () => {
    const audienceMember = peer(2, 'Bo');
    expect(seesAudience(view('participant'))).toBe(false);
    expect(mayShow(view('participant'), audienceMember)).toBe(false);
    expect(mayShow(view('participant'), peer(3, 'Chen', { seat: 'stage' }))).toBe(true);
    expect(mayShow(view('participant'), peer(4, 'Mia', { role: 'moderator' }))).toBe(true);
    expect(mayShow(view('participant', true), audienceMember)).toBe(true);
    expect(mayShow(view('participant', false, 0), audienceMember)).toBe(true);
    expect(seesAudience(view('moderator'))).toBe(true);
    expect(mayShow(view('moderator'), audienceMember)).toBe(true);
  });

  it('counts who can be placed in a group from the audience count, leaving moderators out', () => {
    const peers = storeWith(
      peer(2, 'Chen', { seat: 'stage', role: 'speaker' }),
      peer(3, 'Mia', { seat: 'audience', role: 'moderator' }),
      peer(4, 'Bo'),
    );
    // 40 in the audience, Mia among them; the moderator herself is on stage.
    expect(countPlaceable({ self: self('moderator', 'stage'), peers, audienceCount: 40 })).toBe(40);
  });
});
