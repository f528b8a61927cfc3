import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors.js';
import type { Identity, MediaSource, PeerInfo, ProducerInfo, ServerToClientEvents } from '../../shared/events.js';
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

/** Sends a server→client event to this peer's socket only. */
export type PeerNotifier = <E extends keyof ServerToClientEvents>(
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => void;

export type Direction = 'send' | 'recv';

/** Why a peer was taken out of its room by the server rather than by leaving. */
export type EvictionReason = 'worker-died' | 'shutdown';

export interface PeerOptions {
  identity: Identity;
  notify: PeerNotifier;
  /** The room closed under the peer; the session layer forgets it and tells the client. */
  onEvicted: (reason: EvictionReason) => void;
}

/** At most this many tracks sent at once (camera, microphone, and later screen and its audio). */
export const MAX_PRODUCERS_PER_PEER = 4;

/**
 * One person's presence in one room and every mediasoup object they own.
 * Objects are looked up only through their owner, so an id belonging to
 * someone else is simply not found.
 */
export class Peer {
  readonly id: PeerId = asPeerId(randomUUID());
  readonly identity: Identity;
  private readonly notifyClient: PeerNotifier;
  private readonly onEvicted: (reason: EvictionReason) => void;
  private readonly transports = new Map<TransportId, { transport: types.WebRtcTransport; direction: Direction }>();
  private readonly producers = new Map<ProducerId, { producer: types.Producer; source: MediaSource }>();
  private readonly consumers = new Map<ConsumerId, types.Consumer>();
  private recvCapabilities: RtpCapabilities | null = null;
  private closed = false;

  constructor(options: PeerOptions) {
    this.identity = options.identity;
    this.notifyClient = options.notify;
    this.onEvicted = options.onEvicted;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  info(): PeerInfo {
    return {
      peerId: this.id,
      displayName: this.identity.displayName,
      role: this.identity.role,
      producers: this.producerInfos(),
    };
  }

  producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].map(({ producer, source }) => this.describeProducer(producer, source));
  }

  notify: PeerNotifier = (event, ...args) => {
    if (!this.closed) this.notifyClient(event, ...args);
  };

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

  recvTransport(): types.WebRtcTransport {
    const entry = [...this.transports.values()].find((candidate) => candidate.direction === 'recv');
    if (!entry) throw new AppError('CONFLICT', 'open a receiving transport first');
    return entry.transport;
  }

  addProducer(producer: types.Producer, source: MediaSource): ProducerInfo {
    const id = asProducerId(producer.id);
    this.producers.set(id, { producer, source });
    producer.observer.once('close', () => this.producers.delete(id));
    return this.describeProducer(producer, source);
  }

  producerCount(): number {
    return this.producers.size;
  }

  producer(id: ProducerId): { producer: types.Producer; info: ProducerInfo } | undefined {
    const entry = this.producers.get(id);
    return entry && { producer: entry.producer, info: this.describeProducer(entry.producer, entry.source) };
  }

  isConsuming(producerId: ProducerId): boolean {
    return [...this.consumers.values()].some((consumer) => consumer.producerId === producerId);
  }

  addConsumer(consumer: types.Consumer): void {
    const id = asConsumerId(consumer.id);
    this.consumers.set(id, consumer);
    consumer.observer.once('close', () => this.consumers.delete(id));
    // The producer went away (its owner left or stopped the track): tell the client.
    consumer.once('producerclose', () => {
      this.notify('consumer:closed', { consumerId: id, producerId: asProducerId(consumer.producerId) });
    });
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

  /** Closes every transport, which closes their producers and consumers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { transport } of this.transports.values()) transport.close();
  }

  evict(reason: EvictionReason): void {
    this.close();
    this.onEvicted(reason);
  }

  private describeProducer(producer: types.Producer, source: MediaSource): ProducerInfo {
    return { producerId: asProducerId(producer.id), peerId: this.id, kind: producer.kind, source };
  }
}
