import type { StateCreator } from 'zustand/vanilla';
import type { MediaSource, PeerInfo, ProducerInfo, Role } from '../../../shared/events.js';
import type { ConsumerId, PeerId, ProducerId } from '../../../shared/ids.js';
import type { MediaKind } from '../../../shared/mediaSchemas.js';
import type { AppState } from './appStore.js';

/** One remote track this browser receives; the track itself lives in the MediaClient. */
export interface ConsumerState {
  consumerId: ConsumerId;
  producerId: ProducerId;
  kind: MediaKind;
  source: MediaSource;
  /** Resumed on the server: media is flowing (or about to). */
  isReady: boolean;
}

export interface PeerState {
  peerId: PeerId;
  displayName: string;
  role: Role;
  /** What the peer sends. */
  producers: ProducerInfo[];
  /** What we receive of it. */
  consumers: ConsumerState[];
}

/** The other people in the room, in the order they arrived (a stable tile layout). */
export interface PeersSlice {
  peers: PeerState[];
  resetPeers(peers: PeerInfo[]): void;
  upsertPeer(peer: PeerInfo): void;
  removePeer(peerId: PeerId): void;
  addProducer(producer: ProducerInfo): void;
  removeProducer(peerId: PeerId, producerId: ProducerId): void;
  addConsumer(peerId: PeerId, consumer: Omit<ConsumerState, 'isReady'>): void;
  markConsumerReady(consumerId: ConsumerId): void;
  removeConsumer(consumerId: ConsumerId): void;
}

const toPeerState = (peer: PeerInfo, consumers: ConsumerState[] = []): PeerState => ({
  peerId: peer.peerId,
  displayName: peer.displayName,
  role: peer.role,
  producers: [...peer.producers],
  consumers,
});

/** Applies `change` to the peer with `peerId`, leaving the others (and their identity) untouched. */
const updatePeer = (peers: PeerState[], peerId: PeerId, change: (peer: PeerState) => PeerState): PeerState[] =>
  peers.map((peer) => (peer.peerId === peerId ? change(peer) : peer));

const updateConsumers = (
  peers: PeerState[],
  change: (consumers: ConsumerState[]) => ConsumerState[],
): PeerState[] =>
  peers.map((peer) => {
    const consumers = change(peer.consumers);
    return consumers === peer.consumers ? peer : { ...peer, consumers };
  });

export const createPeersSlice: StateCreator<AppState, [], [], PeersSlice> = (set) => ({
  peers: [],
  resetPeers(peers) {
    set({ peers: peers.map((peer) => toPeerState(peer)) });
  },
  upsertPeer(peer) {
    set((state) => {
      const existing = state.peers.find((p) => p.peerId === peer.peerId);
      if (!existing) return { peers: [...state.peers, toPeerState(peer)] };
      return { peers: updatePeer(state.peers, peer.peerId, () => toPeerState(peer, existing.consumers)) };
    });
  },
  removePeer(peerId) {
    set((state) => ({ peers: state.peers.filter((peer) => peer.peerId !== peerId) }));
  },
  addProducer(producer) {
    set((state) => ({
      peers: updatePeer(state.peers, producer.peerId, (peer) =>
        peer.producers.some((p) => p.producerId === producer.producerId)
          ? peer
          : { ...peer, producers: [...peer.producers, producer] },
      ),
    }));
  },
  removeProducer(peerId, producerId) {
    set((state) => ({
      peers: updatePeer(state.peers, peerId, (peer) => ({
        ...peer,
        producers: peer.producers.filter((p) => p.producerId !== producerId),
        consumers: peer.consumers.filter((c) => c.producerId !== producerId),
      })),
    }));
  },
  addConsumer(peerId, consumer) {
    set((state) => ({
      peers: updatePeer(state.peers, peerId, (peer) => ({
        ...peer,
        consumers: [...peer.consumers.filter((c) => c.consumerId !== consumer.consumerId), { ...consumer, isReady: false }],
      })),
    }));
  },
  markConsumerReady(consumerId) {
    set((state) => ({
      peers: updateConsumers(state.peers, (consumers) =>
        consumers.some((c) => c.consumerId === consumerId)
          ? consumers.map((c) => (c.consumerId === consumerId ? { ...c, isReady: true } : c))
          : consumers,
      ),
    }));
  },
  removeConsumer(consumerId) {
    set((state) => ({
      peers: updateConsumers(state.peers, (consumers) =>
        consumers.some((c) => c.consumerId === consumerId) ? consumers.filter((c) => c.consumerId !== consumerId) : consumers,
      ),
    }));
  },
});
