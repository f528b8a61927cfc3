import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors.js';
import type { ConsumerOptions, MediaSource, ProducerInfo, RoomClosedReason } from '../../shared/events.js';
import { asConsumerId, type PeerId, type ProducerId, type RoomId, type TransportId } from '../../shared/ids.js';
import type { DtlsParameters, MediaKind, RtpCapabilities, RtpParameters } from '../../shared/mediaSchemas.js';
import type { Logger } from '../logger.js';
import { MAX_PRODUCERS_PER_PEER, type Direction, type Peer } from './peer.js';

/** How WebRTC transports listen and what address browsers are told to use. */
export interface TransportSettings {
  listenIp: string;
  announcedIp: string | undefined;
  initialAvailableOutgoingBitrate: number;
}

/**
 * A room's life: `open` while anyone is in it, then `closed` for good (a new
 * room object is created if people come back). Why it closed decides what
 * its peers are told.
 */
export type RoomState = { name: 'open' } | { name: 'closed'; reason: RoomCloseReason };
export type RoomCloseReason = 'empty' | RoomClosedReason;

/**
 * The server side of one live room: owns its mediasoup router and its peers.
 * All media operations of a peer go through here, so they can only touch
 * objects of this router.
 */
export class Room {
  private state: RoomState = { name: 'open' };
  private readonly peers = new Map<PeerId, Peer>();
  private readonly closeListeners = new Set<(reason: RoomCloseReason) => void>();

  constructor(
    readonly id: RoomId,
    private readonly router: types.Router,
    private readonly transportSettings: TransportSettings,
    private readonly logger: Logger,
  ) {
    // A worker's death closes its routers; the room cannot live without one.
    router.once('workerclose', () => this.close('worker-died'));
  }

  get isOpen(): boolean {
    return this.state.name === 'open';
  }

  get routerRtpCapabilities(): RtpCapabilities {
    return this.router.rtpCapabilities as RtpCapabilities;
  }

  onClose(listener: (reason: RoomCloseReason) => void): void {
    this.closeListeners.add(listener);
  }

  peerList(): Peer[] {
    return [...this.peers.values()];
  }

  others(peer: Peer): Peer[] {
    return this.peerList().filter((other) => other !== peer);
  }

  add(peer: Peer): void {
    if (!this.isOpen) throw new AppError('UNAVAILABLE', 'the room is closing; join again');
    this.peers.set(peer.id, peer);
  }

  /** Takes a peer out (closing its media); the last one out closes the room. */
  remove(peer: Peer): void {
    if (!this.peers.delete(peer.id)) return;
    peer.close();
    if (this.peers.size === 0) this.close('empty');
  }

  async createTransport(
    peer: Peer,
    direction: Direction,
    capabilities?: RtpCapabilities,
  ): Promise<types.WebRtcTransport> {
    this.assertMember(peer);
    if (peer.hasTransport(direction)) {
      throw new AppError('CONFLICT', `a ${direction} transport is already open`);
    }
    if (capabilities && !this.canDecodeAnything(capabilities)) {
      throw new AppError('INVALID_PAYLOAD', 'rtpCapabilities share no codec with the room');
    }
    const { listenIp, announcedIp, initialAvailableOutgoingBitrate } = this.transportSettings;
    const transport = await this.router.createWebRtcTransport({
      listenIps: [{ ip: listenIp, ...(announcedIp ? { announcedIp } : {}) }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate,
      appData: { peerId: peer.id, direction },
    });
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') transport.close();
    });
    peer.addTransport(transport, direction, capabilities);
    return transport;
  }

  async connectTransport(peer: Peer, transportId: TransportId, dtlsParameters: DtlsParameters): Promise<void> {
    this.assertMember(peer);
    const transport = peer.transport(transportId);
    try {
      await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    } catch (error) {
      // mediasoup refuses a second connect or unusable parameters.
      throw new AppError('CONFLICT', `cannot connect the transport: ${(error as Error).message}`);
    }
  }

  async produce(
    peer: Peer,
    request: { transportId: TransportId; kind: MediaKind; source: MediaSource; rtpParameters: RtpParameters },
  ): Promise<ProducerInfo> {
    this.assertMember(peer);
    if (peer.producerCount() >= MAX_PRODUCERS_PER_PEER) {
      throw new AppError('CONFLICT', `at most ${MAX_PRODUCERS_PER_PEER} tracks at once`);
    }
    const transport = peer.transport(request.transportId, 'send');
    let producer: types.Producer;
    try {
      producer = await transport.produce({
        kind: request.kind,
        rtpParameters: request.rtpParameters as types.RtpParameters,
        appData: { source: request.source },
      });
    } catch (error) {
      throw new AppError('INVALID_PAYLOAD', `cannot send this track: ${(error as Error).message}`);
    }
    return peer.addProducer(producer, request.source);
  }

  closeProducer(peer: Peer, producerId: ProducerId): ProducerInfo {
    this.assertMember(peer);
    const owned = peer.producer(producerId);
    if (!owned) throw new AppError('NOT_FOUND', 'no such producer');
    owned.producer.close();
    return owned.info;
  }

  async consume(peer: Peer, producerId: ProducerId): Promise<ConsumerOptions> {
    this.assertMember(peer);
    const source = this.others(peer)
      .map((other) => other.producer(producerId))
      .find((found) => found !== undefined);
    if (!source) throw new AppError('NOT_FOUND', 'no such producer in this room');
    if (peer.isConsuming(producerId)) throw new AppError('CONFLICT', 'already receiving this track');
    const capabilities = peer.rtpCapabilities;
    const transport = peer.recvTransport();
    if (!capabilities || !this.router.canConsume({ producerId, rtpCapabilities: capabilities as types.RtpCapabilities })) {
      throw new AppError('CONFLICT', 'this device cannot decode that track');
    }
    const consumer = await transport.consume({
      producerId,
      rtpCapabilities: capabilities as types.RtpCapabilities,
      // Paused until the client has attached the track, so the first
      // keyframe is not lost (mediasoup asks for one on resume).
      paused: true,
    });
    peer.addConsumer(consumer);
    return {
      consumerId: asConsumerId(consumer.id),
      producerId,
      peerId: source.info.peerId,
      kind: consumer.kind,
      source: source.info.source,
      rtpParameters: consumer.rtpParameters as RtpParameters,
    };
  }

  async resumeConsumer(peer: Peer, consumerId: Parameters<Peer['consumer']>[0]): Promise<void> {
    this.assertMember(peer);
    await peer.consumer(consumerId).resume();
  }

  /** Ends the room. Peers still inside are evicted and told why. */
  close(reason: RoomCloseReason): void {
    if (this.state.name === 'closed') return;
    this.state = { name: 'closed', reason };
    this.logger.info({ roomId: this.id, reason, peers: this.peers.size }, 'room closed');
    const evicted = this.peerList();
    this.peers.clear();
    if (reason !== 'empty') for (const peer of evicted) peer.evict(reason);
    if (!this.router.closed) this.router.close();
    for (const listener of this.closeListeners) listener(reason);
  }

  private assertMember(peer: Peer): void {
    if (!this.isOpen || this.peers.get(peer.id) !== peer) {
      throw new AppError('CONFLICT', 'not in this room');
    }
  }

  private canDecodeAnything(capabilities: RtpCapabilities): boolean {
    const mine = new Set((this.router.rtpCapabilities.codecs ?? []).map((codec) => codec.mimeType.toLowerCase()));
    return (capabilities.codecs ?? []).some((codec) => mine.has(codec.mimeType.toLowerCase()));
  }
}
