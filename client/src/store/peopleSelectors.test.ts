import { describe, expect, it } from 'vitest';
import type { PeerInfo } from '../../../shared/events.js';
import { createAppStore } from './appStore.js';
import { findScreenShare, groupPeople, micStateOf } from './peopleSelectors.js';
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
