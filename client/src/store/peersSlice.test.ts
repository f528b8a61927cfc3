import { describe, expect, it } from 'vitest';
import type { PeerInfo, ProducerInfo } from '../../../shared/events.js';
import type { ConsumerId, PeerId, ProducerId } from '../../../shared/ids.js';
import { createAppStore } from './appStore.js';

const peerId = (n: number) => `00000000-0000-4000-8000-00000000000${n}` as PeerId;
const producerId = (n: number) => `10000000-0000-4000-8000-00000000000${n}` as ProducerId;
const consumerId = (n: number) => `20000000-0000-4000-8000-00000000000${n}` as ConsumerId;

const camera = (peer: number, n: number): ProducerInfo => ({
  producerId: producerId(n),
  peerId: peerId(peer),
  kind: 'video',
  source: 'camera',
});

const peer = (n: number, name: string, producers: ProducerInfo[] = []): PeerInfo => ({
  peerId: peerId(n),
  displayName: name,
  role: 'participant',
  producers,
});

describe('peers slice', () => {
  it('keeps arrival order and replaces a peer announced twice in place', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina'), peer(2, 'Bruno')]);
    store.getState().upsertPeer(peer(3, 'Chen'));
    store.getState().upsertPeer(peer(1, 'Amina D.'));
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Amina D.', 'Bruno', 'Chen']);
  });

  it('follows a track from producer to ready consumer and back', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina')]);
    store.getState().addProducer(camera(1, 1));
    store.getState().addProducer(camera(1, 1));
    store.getState().addConsumer(peerId(1), {
      consumerId: consumerId(1),
      producerId: producerId(1),
      kind: 'video',
      source: 'camera',
    });
    expect(store.getState().peers[0]?.producers).toHaveLength(1);
    expect(store.getState().peers[0]?.consumers[0]?.isReady).toBe(false);

    store.getState().markConsumerReady(consumerId(1));
    expect(store.getState().peers[0]?.consumers[0]?.isReady).toBe(true);

    store.getState().removeProducer(peerId(1), producerId(1));
    expect(store.getState().peers[0]?.producers).toEqual([]);
    expect(store.getState().peers[0]?.consumers).toEqual([]);
  });

  it('keeps what we receive of a peer when the peer is announced again', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina', [camera(1, 1)])]);
    store.getState().addConsumer(peerId(1), {
      consumerId: consumerId(1),
      producerId: producerId(1),
      kind: 'video',
      source: 'camera',
    });
    store.getState().upsertPeer(peer(1, 'Amina', [camera(1, 1)]));
    expect(store.getState().peers[0]?.consumers.map((c) => c.consumerId)).toEqual([consumerId(1)]);
  });

  it('removes a consumer closed by the server and leaves other peers untouched', () => {
    const store = createAppStore();
    store.getState().resetPeers([peer(1, 'Amina'), peer(2, 'Bruno')]);
    store.getState().addConsumer(peerId(1), {
      consumerId: consumerId(1),
      producerId: producerId(1),
      kind: 'video',
      source: 'camera',
    });
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
