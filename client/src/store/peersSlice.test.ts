import { describe, expect, it } from 'vitest';
import { createAppStore } from './appStore.js';
import { consumerId, peer, peerId, producer, producerId } from './testPeople.js';

const cameraConsumer = (n: number) => ({ consumerId: consumerId(n), producerId: producerId(n), kind: 'video' as const, source: 'camera' as const });

describe('peers slice', () => {
  it('keeps arrival order and replaces a peer announced twice in place', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina'), peer(2, 'Bruno')]);
    store.getState().upsertPeer(peer(3, 'Chen'));
    store.getState().upsertPeer(peer(1, 'Amina D.', { seat: 'stage', handRaisedAt: null }));
    expect(store.getState().peers.map((p) => [p.displayName, p.seat])).toEqual([
      ['Amina D.', 'stage'],
      ['Bruno', 'audience'],
      ['Chen', 'audience'],
    ]);
  });

  it('takes a resync’s people like a join’s, keeping what we receive of those still here, and starts the pages over', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina', { seat: 'stage', producers: [producer(1, 1)] }), peer(2, 'Bruno', { seat: 'stage' })]);
    store.getState().addConsumer(peerId(1), cameraConsumer(1));
    store.getState().addAudiencePage({ peers: [peer(3, 'Chen')], next: null }, store.getState().audienceEpoch);
    const epoch = store.getState().audienceEpoch;

    store.getState().resyncPeers([peer(1, 'Amina', { seat: 'stage', producers: [producer(1, 1)] })], 4);
    expect(store.getState().peers.map((p) => [p.displayName, p.consumers.map((c) => c.consumerId)])).toEqual([['Amina', [consumerId(1)]]]);
    expect(store.getState()).toMatchObject({ audienceCount: 4, audiencePaging: null, audienceEpoch: epoch + 1 });
  });

  it('follows a track from producer to consumer and back', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina', { seat: 'stage' })]);
    store.getState().addProducer(producer(1, 1));
    store.getState().addProducer(producer(1, 1));
    store.getState().addConsumer(peerId(1), cameraConsumer(1));
    expect(store.getState().peers[0]?.producers).toHaveLength(1);
    expect(store.getState().peers[0]?.consumers).toHaveLength(1);

    store.getState().removeProducer(peerId(1), producerId(1));
    expect(store.getState().peers[0]?.producers).toEqual([]);
    expect(store.getState().peers[0]?.consumers).toEqual([]);
  });

  it('keeps what we receive of a peer when its record is replaced, but not of producers it no longer has', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina', { producers: [producer(1, 1), producer(1, 2, { source: 'microphone', kind: 'audio' })] })]);
    store.getState().addConsumer(peerId(1), cameraConsumer(1));
    store.getState().addConsumer(peerId(1), { ...cameraConsumer(2), kind: 'audio', source: 'microphone' });
    store.getState().upsertPeer(peer(1, 'Amina', { handRaisedAt: 5, producers: [producer(1, 1)] }));
    expect(store.getState().peers[0]?.consumers.map((c) => c.consumerId)).toEqual([consumerId(1)]);
    expect(store.getState().peers[0]?.handRaisedAt).toBe(5);
  });

  it('records who muted a track and when it flows again', () => {
    const store = createAppStore();
    const mic = producer(1, 1, { source: 'microphone', kind: 'audio' });
    store.getState().resetPeers([peer(1, 'Amina', { seat: 'stage', producers: [mic] })]);
    store.getState().setProducerPausedBy(peerId(1), producerId(1), 'moderator');
    expect(store.getState().peers[0]?.producers[0]?.pausedBy).toBe('moderator');
    store.getState().setProducerPausedBy(peerId(1), producerId(1), null);
    expect(store.getState().peers[0]?.producers[0]?.pausedBy).toBeNull();
  });

  it('notes the layer the server forwards on one consumer only', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina', { producers: [producer(1, 1)] }), peer(2, 'Bruno')]);
    store.getState().addConsumer(peerId(1), cameraConsumer(1));
    const bruno = store.getState().peers[1];
    store.getState().setConsumerLayer(consumerId(1), 0);
    expect(store.getState().peers[0]?.consumers[0]?.spatialLayer).toBe(0);
    store.getState().setConsumerLayer(consumerId(1), null);
    expect(store.getState().peers[0]?.consumers[0]?.spatialLayer).toBeNull();
    expect(store.getState().peers[1]).toBe(bruno);
  });

  it('removes a consumer closed by the server and leaves other peers untouched', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina'), peer(2, 'Bruno')]);
    store.getState().addConsumer(peerId(1), cameraConsumer(1));
    const bruno = store.getState().peers[1];
    store.getState().removeConsumer(consumerId(1));
    expect(store.getState().peers[0]?.consumers).toEqual([]);
    // Same object: Bruno's tile does not re-render for Amina's change.
    expect(store.getState().peers[1]).toBe(bruno);
  });

  it('forgets a peer that left', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina'), peer(2, 'Bruno')]);
    store.getState().removePeer(peerId(1));
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Bruno']);
  });
});

describe('the audience, counted and paged', () => {
  it('takes the count from the join answer, adds pages in place without oneself, and starts over when let go', () => {
    const store = createAppStore();
    store.getState().setSelfPeerId(peerId(1));
    store.getState().resetPeers([peer(2, 'Sara', { seat: 'stage', role: 'speaker' })], 30);
    expect(store.getState().audienceCount).toBe(30);
    expect(store.getState().audiencePaging).toBeNull();
    store.getState().upsertPeer(peer(3, 'Bo'));
    const { audienceEpoch } = store.getState();
    store.getState().addAudiencePage({ peers: [peer(1, 'Me'), peer(3, 'Bo', { handRaisedAt: 9 }), peer(4, 'Cy')], next: 12 }, audienceEpoch);
    expect(store.getState().peers.map((p) => [p.displayName, p.handRaisedAt])).toEqual([
      ['Sara', null],
      ['Bo', 9],
      ['Cy', null],
    ]);
    expect(store.getState().audiencePaging).toEqual({ next: 12 });
    store.getState().forgetAudience((p) => p.seat === 'stage');
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Sara']);
    expect(store.getState().audiencePaging).toBeNull();
  });
});

describe('pages of the audience asked for before the pages started over', () => {
  it('drops a page that answers a request of an earlier join (people who may have left since)', () => {
    const store = createAppStore();
    const beforeReconnecting = store.getState().audienceEpoch;
    // The connection dropped with a page on its way; the rejoin's answer starts the pages over.
    store.getState().resetPeers([]);
    store.getState().resetPeers([peer(2, 'Sara', { seat: 'stage', role: 'speaker' })], 3);
    store.getState().addAudiencePage({ peers: [peer(7, 'Gone')], next: null }, beforeReconnecting);
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Sara']);
    expect(store.getState().audiencePaging).toBeNull();
    // The page asked for since is taken.
    store.getState().addAudiencePage({ peers: [peer(3, 'Bo')], next: null }, store.getState().audienceEpoch);
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Sara', 'Bo']);
    expect(store.getState().audiencePaging).toEqual({ next: null });
  });

  it('starts a new epoch at every join, even one that changes nothing else, so the first page is asked for again', () => {
    const store = createAppStore();
    store.getState().resetPeers([]);
    const first = store.getState().audienceEpoch;
    store.getState().resetPeers([]);
    expect(store.getState().audienceEpoch).not.toBe(first);
  });

  it('drops a page asked for before the moderators hid the audience', () => {
    const store = createAppStore();
    const whileVisible = store.getState().audienceEpoch;
    store.getState().forgetAudience(() => false);
    store.getState().addAudiencePage({ peers: [peer(4, 'Cy')], next: null }, whileVisible);
    expect(store.getState().peers).toEqual([]);
  });
});
