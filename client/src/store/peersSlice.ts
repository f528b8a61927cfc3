import type { StateCreator } from 'zustand/vanilla';
import type { MediaSource, PausedBy, PeerInfo, PeerPage, ProducerInfo } from '../../../shared/events.js';
import type { ConsumerId, PeerId, ProducerId } from '../../../shared/ids.js';
import type { MediaKind } from '../../../shared/mediaSchemas.js';
import type { AppState } from './appStore.js';

/** One remote track this browser receives; the track itself lives in the MediaClient. */
export interface ConsumerState {
  consumerId: ConsumerId;
  producerId: ProducerId;
  kind: MediaKind;
  source: MediaSource;
  /**
   * The simulcast layer the server forwards now (null: none, the link is too
   * weak); undefined until the server says.
   */
  spatialLayer?: number | null;
}

/** Another person in the room as the server describes them, plus what we receive of them. */
export interface PeerState extends Omit<PeerInfo, 'producers'> {
  /** What the peer sends. */
  producers: ProducerInfo[];
  /** What we receive of it. */
  consumers: ConsumerState[];
}

/**
 * The other people in the room this browser may see, in the order they
 * arrived (a stable tile layout): the stage and the moderators always; the
 * audience only for those who may see it (shared/roster.ts), as they arrive
 * and a page at a time. Everyone knows how many are in the audience.
 */
export interface PeersSlice {
  peers: PeerState[];
  /** How many people are in the audience, oneself included if there. */
  audienceCount: number;
  /** Pages of the audience loaded: null before the first; `next` null once none is left. */
  audiencePaging: { next: number | null } | null;
  /**
   * Counts the times the audience's pages started over (every join, even
   * one that changes nothing else, and the roster shown or hidden): the
   * first page is asked for again, and a page asked for before (an answer
   * on a connection that dropped, people who may have left) is dropped.
   */
  audienceEpoch: number;
  /** The join answer's people and audience count (paging starts over). */
  resetPeers(peers: PeerInfo[], audienceCount?: number): void;
  /**
   * The live state asked for again (`stage:resync`): its people and count
   * replace ours, like a join's, but what we receive of those still here is
   * kept (the media connection is the same).
   */
  resyncPeers(peers: PeerInfo[], audienceCount: number): void;
  setAudienceCount(count: number): void;
  /**
   * A page of the audience asked for in `epoch` arrived: its people are
   * added (or refreshed), and where the next page starts; from an older
   * epoch it is dropped.
   */
  addAudiencePage(page: PeerPage, epoch: number): void;
  /** The audience may no longer be shown: keep only those `isVisible` allows; pages start over. */
  forgetAudience(isVisible: (peer: PeerState) => boolean): void;
  /** Adds a peer, or replaces its record (seat, hand, producers…) keeping what we receive of it. */
  upsertPeer(peer: PeerInfo): void;
  removePeer(peerId: PeerId): void;
  addProducer(producer: ProducerInfo): void;
  removeProducer(peerId: PeerId, producerId: ProducerId): void;
  setProducerPausedBy(peerId: PeerId, producerId: ProducerId, pausedBy: PausedBy | null): void;
  addConsumer(peerId: PeerId, consumer: ConsumerState): void;
  removeConsumer(consumerId: ConsumerId): void;
  setConsumerLayer(consumerId: ConsumerId, spatialLayer: number | null): void;
}

const toPeerState = ({ producers, ...peer }: PeerInfo, consumers: ConsumerState[] = []): PeerState => ({
  ...peer,
  producers: [...producers],
  // A replaced record may drop producers: what we receive of them goes too.
  consumers: consumers.filter((consumer) => producers.some((p) => p.producerId === consumer.producerId)),
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

/** Changes the consumer with `consumerId`; other consumer lists keep their identity. */
const updateConsumer = (peers: PeerState[], consumerId: ConsumerId, change: (consumer: ConsumerState) => ConsumerState) =>
  updateConsumers(peers, (consumers) =>
    consumers.some((c) => c.consumerId === consumerId)
      ? consumers.map((c) => (c.consumerId === consumerId ? change(c) : c))
      : consumers,
  );

/** Adds peers or replaces their records in place, keeping what we receive of them. */
const upsertAll = (current: PeerState[], incoming: readonly PeerInfo[]): PeerState[] => {
  const byId = new Map(incoming.map((peer) => [peer.peerId, peer]));
  const updated = current.map((peer) => {
    const record = byId.get(peer.peerId);
    if (!record) return peer;
    byId.delete(peer.peerId);
    return toPeerState(record, peer.consumers);
  });
  return [...updated, ...[...byId.values()].map((peer) => toPeerState(peer))];
};

export const createPeersSlice: StateCreator<AppState, [], [], PeersSlice> = (set) => ({
  peers: [],
  audienceCount: 0,
  audiencePaging: null,
  audienceEpoch: 0,
  resetPeers(peers, audienceCount = 0) {
    set((state) => ({
      peers: peers.map((peer) => toPeerState(peer)),
      audienceCount,
      audiencePaging: null,
      audienceEpoch: state.audienceEpoch + 1,
    }));
  },
  resyncPeers(peers, audienceCount) {
    set((state) => {
      const consumersOf = new Map(state.peers.map((peer) => [peer.peerId, peer.consumers]));
      return {
        peers: peers.map((peer) => toPeerState(peer, consumersOf.get(peer.peerId))),
        audienceCount,
        audiencePaging: null,
        audienceEpoch: state.audienceEpoch + 1,
      };
    });
  },
  setAudienceCount(audienceCount) {
    set({ audienceCount });
  },
  addAudiencePage(page, epoch) {
    set((state) => {
      if (epoch !== state.audienceEpoch) return {};
      return {
        // Oneself is not among the others.
        peers: upsertAll(state.peers, page.peers.filter((peer) => peer.peerId !== state.selfPeerId)),
        audiencePaging: { next: page.next },
      };
    });
  },
  forgetAudience(isVisible) {
    set((state) => ({ peers: state.peers.filter(isVisible), audiencePaging: null, audienceEpoch: state.audienceEpoch + 1 }));
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
  setProducerPausedBy(peerId, producerId, pausedBy) {
    set((state) => ({
      peers: updatePeer(state.peers, peerId, (peer) => ({
        ...peer,
        producers: peer.producers.map((p) => (p.producerId === producerId ? { ...p, pausedBy } : p)),
      })),
    }));
  },
  addConsumer(peerId, consumer) {
    set((state) => ({
      peers: updatePeer(state.peers, peerId, (peer) => ({
        ...peer,
        consumers: [...peer.consumers.filter((c) => c.consumerId !== consumer.consumerId), consumer],
      })),
    }));
  },
  removeConsumer(consumerId) {
    set((state) => ({
      peers: updateConsumers(state.peers, (consumers) =>
        consumers.some((c) => c.consumerId === consumerId) ? consumers.filter((c) => c.consumerId !== consumerId) : consumers,
      ),
    }));
  },
  setConsumerLayer(consumerId, spatialLayer) {
    set((state) => ({ peers: updateConsumer(state.peers, consumerId, (c) => ({ ...c, spatialLayer })) }));
  },
});
