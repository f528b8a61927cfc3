import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors.js';
import type { Profile } from '../../shared/buzz.js';
import type {
  Identity,
  MediaSource,
  PausedBy,
  ProducerInfo,
  Role,
  ServerToClientEvents,
} from '../../shared/events.js';
import {
  asConsumerId,
  asPeerId,
  asProducerId,
  asTransportId,
  type ConsumerId,
  type PeerId,
  type ProducerId,
  type TransportId,
} from '../../shared/ids.js';
import type { RtpCapabilities } from '../../shared/mediaSchemas.js';
import { LayerFallback } from './layerFallback.js';

/** Sends a server→client event to this peer's socket only. */
export type PeerNotifier = <E extends keyof ServerToClientEvents>(
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => void;

export type Direction = 'send' | 'recv';

/** Why a peer was taken out of its room by the server rather than by leaving. */
export type EvictionReason = 'worker-died' | 'shutdown' | 'removed' | 'replaced' | 'invitation-revoked' | 'unpublished';

/**
 * The connection a peer is reached through. A peer outlives it: when the
 * socket drops, the peer waits (without media) for the same person to come
 * back on a new connection.
 */
export interface PeerLink {
  socketId: string;
  notify: PeerNotifier;
  /** The server took the peer out (or another connection took it over); the session forgets it. */
  onEvicted: (reason: EvictionReason) => void;
  /** The peer's role changed while it is here (Room.changeRole): the connection follows (channels, its view). */
  onRoleChanged?: (role: Role) => void;
}

export interface PeerOptions {
  identity: Identity;
  /** The role in this room (an invitation's role holds in its own room only). */
  role: Role;
  /** The router this peer's transports live on. */
  router: types.Router;
  link: PeerLink;
  /** What the person told about themselves when joining (groups by attribute use it). */
  profile?: Profile;
}

/** At most this many tracks sent at once: camera, microphone, screen and its audio. */
export const MAX_PRODUCERS_PER_PEER = 4;

interface OwnedProducer {
  producer: types.Producer;
  source: MediaSource;
  pausedBy: PausedBy | null;
}

/**
 * One person's presence in one room and every mediasoup object they own.
 * Objects are looked up only through their owner, so an id belonging to
 * someone else is simply not found.
 */
export class Peer {
  readonly id: PeerId = asPeerId(randomUUID());
  readonly identity: Identity;
  private currentRole: Role;
  readonly router: types.Router;
  /** Updated when the same person joins again. */
  profile: Profile;
  private link: PeerLink | null;
  private readonly transports = new Map<TransportId, { transport: types.WebRtcTransport; direction: Direction }>();
  private readonly producers = new Map<ProducerId, OwnedProducer>();
  private readonly consumers = new Map<ConsumerId, types.Consumer>();
  /** Per simulcast consumer: the layer the viewer wants, capped while its stream arrives badly. */
  private readonly fallbacks = new Map<ConsumerId, LayerFallback>();
  private recvCapabilities: RtpCapabilities | null = null;
  private closed = false;

  constructor(options: PeerOptions) {
    this.identity = options.identity;
    this.currentRole = options.role;
    this.router = options.router;
    this.link = options.link;
    this.profile = options.profile ?? {};
  }

  /** The role in this room: the one it joined with, until an organiser changes it (Room.changeRole). */
  get role(): Role {
    return this.currentRole;
  }

  /** For the room alone ({@link Room.changeRole}), which applies what the new role means first. */
  assignRole(role: Role): void {
    this.currentRole = role;
    if (!this.closed) this.link?.onRoleChanged?.(role);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Lost its connection and has not come back (yet). */
  get isReconnecting(): boolean {
    return this.link === null;
  }

  get socketId(): string | null {
    return this.link?.socketId ?? null;
  }

  producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].map((owned) => this.describeProducer(owned));
  }

  notify: PeerNotifier = (event, ...args) => {
    if (!this.closed) this.link?.notify(event, ...args);
  };

  /**
   * The connection dropped: media stops (everyone is told its producers
   * closed) but the peer keeps its place until it comes back or gives up.
   */
  detach(): void {
    this.link = null;
    this.closeMedia();
  }

  /** A new connection takes the peer over; an older one still open is told it was replaced. */
  attach(link: PeerLink): void {
    const previous = this.link;
    this.closeMedia();
    this.link = link;
    previous?.onEvicted('replaced');
  }

  /** What this peer's device can decode; known once it opened a receiving transport. */
  get rtpCapabilities(): RtpCapabilities | null {
    return this.recvCapabilities;
  }

  hasTransport(direction: Direction): boolean {
    return [...this.transports.values()].some((entry) => entry.direction === direction);
  }

  addTransport(transport: types.WebRtcTransport, direction: Direction, capabilities?: RtpCapabilities): void {
    const id = asTransportId(transport.id);
    this.transports.set(id, { transport, direction });
    if (capabilities) this.recvCapabilities = capabilities;
    transport.observer.once('close', () => this.transports.delete(id));
  }

  /** The peer's own transport, or NOT_FOUND. */
  transport(id: TransportId, direction?: Direction): types.WebRtcTransport {
    const entry = this.transports.get(id);
    if (!entry || (direction && entry.direction !== direction)) {
      throw new AppError('NOT_FOUND', 'no such transport');
    }
    return entry.transport;
  }

  /**
   * New ICE credentials for one of the peer's transports, after its browser
   * lost the connection. NOT_FOUND for a transport that is gone, also one
   * that closes meanwhile (a failed DTLS handshake closes it).
   */
  async restartIce(id: TransportId): Promise<types.IceParameters> {
    const transport = this.transport(id);
    try {
      return await transport.restartIce();
    } catch (error) {
      if (transport.closed) throw new AppError('NOT_FOUND', 'no such transport');
      throw error;
    }
  }

  recvTransport(): types.WebRtcTransport {
    const entry = [...this.transports.values()].find((candidate) => candidate.direction === 'recv');
    if (!entry) throw new AppError('CONFLICT', 'open a receiving transport first');
    return entry.transport;
  }

  addProducer(producer: types.Producer, source: MediaSource): ProducerInfo {
    const id = asProducerId(producer.id);
    const owned: OwnedProducer = { producer, source, pausedBy: null };
    this.producers.set(id, owned);
    producer.observer.once('close', () => this.producers.delete(id));
    return this.describeProducer(owned);
  }

  producerCount(): number {
    return this.producers.size;
  }

  hasProducerFor(source: MediaSource): boolean {
    return [...this.producers.values()].some((owned) => owned.source === source);
  }

  producer(id: ProducerId): { producer: types.Producer; info: ProducerInfo } | undefined {
    const owned = this.producers.get(id);
    return owned && { producer: owned.producer, info: this.describeProducer(owned) };
  }

  /** The peer's producers of some sources (a moderator stops "the screen share": video and its audio). */
  producersOf(sources: readonly MediaSource[]): { producer: types.Producer; info: ProducerInfo }[] {
    return [...this.producers.values()]
      .filter((owned) => sources.includes(owned.source))
      .map((owned) => ({ producer: owned.producer, info: this.describeProducer(owned) }));
  }

  async pauseProducer(id: ProducerId, by: PausedBy): Promise<ProducerInfo> {
    const owned = this.ownedProducer(id);
    await owned.producer.pause();
    owned.pausedBy = by;
    return this.describeProducer(owned);
  }

  async resumeProducer(id: ProducerId): Promise<ProducerInfo> {
    const owned = this.ownedProducer(id);
    await owned.producer.resume();
    owned.pausedBy = null;
    return this.describeProducer(owned);
  }

  isConsuming(producerId: ProducerId): boolean {
    return [...this.consumers.values()].some((consumer) => consumer.producerId === producerId);
  }

  addConsumer(consumer: types.Consumer): void {
    const id = asConsumerId(consumer.id);
    this.consumers.set(id, consumer);
    consumer.observer.once('close', () => {
      this.consumers.delete(id);
      this.fallbacks.delete(id);
    });
    // The producer went away (its owner left or stopped the track): tell the client.
    consumer.once('producerclose', () => {
      this.notify('consumer:closed', { consumerId: id, producerId: asProducerId(consumer.producerId) });
    });
    if (consumer.type === 'simulcast') {
      const fallback = new LayerFallback(consumer.preferredLayers?.spatialLayer ?? 2);
      this.fallbacks.set(id, fallback);
      let recheck: NodeJS.Timeout | undefined;
      const apply = (score: number) => {
        clearTimeout(recheck);
        if (fallback.score(score, Date.now())) {
          consumer.setPreferredLayers({ spatialLayer: fallback.layer }).catch(() => undefined);
        }
        const dueIn = fallback.recoveryDueIn(Date.now());
        if (dueIn !== null) recheck = setTimeout(() => apply(consumer.score.score), dueIn).unref();
      };
      consumer.on('score', ({ score }) => apply(score));
      consumer.observer.once('close', () => clearTimeout(recheck));
      consumer.on('layerschange', (layers) => {
        this.notify('consumer:layers-changed', { consumerId: id, spatialLayer: layers?.spatialLayer ?? null });
      });
    }
  }

  /**
   * The best layer the viewer wants for one of its consumers; while the
   * stream arrives badly the lowest layer is kept (see LayerFallback).
   */
  async setWantedLayers(id: ConsumerId, layers: { spatialLayer: number; temporalLayer?: number | undefined }): Promise<void> {
    const consumer = this.consumer(id);
    const fallback = this.fallbacks.get(id);
    // A single-layer track (a screen share, audio) has nothing to choose from.
    if (!fallback) return;
    fallback.want(layers.spatialLayer);
    const keepsTemporal = !fallback.degraded && layers.temporalLayer !== undefined;
    await whileOpen(consumer, (open) =>
      open.setPreferredLayers({
        spatialLayer: fallback.layer,
        ...(keepsTemporal ? { temporalLayer: layers.temporalLayer } : {}),
      }),
    );
  }

  consumer(id: ConsumerId): types.Consumer {
    const consumer = this.consumers.get(id);
    if (!consumer) throw new AppError('NOT_FOUND', 'no such consumer');
    return consumer;
  }

  /** Counts for tests and diagnostics. */
  counts(): { transports: number; producers: number; consumers: number } {
    return { transports: this.transports.size, producers: this.producers.size, consumers: this.consumers.size };
  }

  /** Leaves for good: closes every transport, which closes their producers and consumers. */
  close(): void {
    if (this.closed) return;
    this.closeMedia();
    this.closed = true;
  }

  evict(reason: EvictionReason): void {
    const link = this.link;
    this.close();
    link?.onEvicted(reason);
  }

  private closeMedia(): void {
    for (const { transport } of [...this.transports.values()]) transport.close();
    this.recvCapabilities = null;
  }

  private ownedProducer(id: ProducerId): OwnedProducer {
    const owned = this.producers.get(id);
    if (!owned) throw new AppError('NOT_FOUND', 'no such producer');
    return owned;
  }

  private describeProducer(owned: OwnedProducer): ProducerInfo {
    return {
      producerId: asProducerId(owned.producer.id),
      peerId: this.id,
      kind: owned.producer.kind,
      source: owned.source,
      pausedBy: owned.pausedBy,
    };
  }
}

/**
 * Acts on a consumer that may close meanwhile (its producer went away while
 * the request was on its way to the worker, as when a speaker leaves): the
 * caller then learns NOT_FOUND, as for any track that has ended, rather
 * than INTERNAL. mediasoup delivers the worker's "producer closed" a turn
 * of the event loop after the failed answer (its Channel defers
 * notifications with setImmediate), so that turn is waited for first.
 */
export async function whileOpen(consumer: types.Consumer, act: (consumer: types.Consumer) => Promise<void>): Promise<void> {
  try {
    await act(consumer);
  } catch (error) {
    if (!consumer.closed) await new Promise((resolve) => setImmediate(resolve));
    if (consumer.closed) throw new AppError('NOT_FOUND', 'that track has ended');
    throw error;
  }
}
