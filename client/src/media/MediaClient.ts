import { Device } from 'mediasoup-client';
import type { types as ms } from 'mediasoup-client';
import type { ConsumerOptions, MediaSource, ProducerInfo, TransportOptions } from '../../../shared/events.js';
import type { ConsumerId, PeerId, ProducerId } from '../../../shared/ids.js';
import type { RtpCapabilities, RtpParameters } from '../../../shared/mediaSchemas.js';
import type { RequestFn } from '../realtime/socket.js';
import { summarizeInboundRtp, type InboundRtpSummary } from './inboundRtpStats.js';
import { MediaClosedError } from './MediaClosedError.js';

/** A remote track now received (its consumer still paused on the server until resumed). */
export interface ReceivedTrack {
  consumerId: ConsumerId;
  producerId: ProducerId;
  peerId: PeerId;
  kind: ConsumerOptions['kind'];
  source: MediaSource;
}

export interface MediaClientHooks {
  /** A transport's connection failed for good: ICE gave up, media stopped. */
  onTransportFailed(direction: 'send' | 'recv'): void;
}

interface ReceivingConsumer {
  consumer: ms.Consumer;
  peerId: PeerId;
  source: MediaSource;
}

/**
 * Everything mediasoup-client for one stay in one room: the Device, one
 * sending and one receiving transport, our producers and our consumers.
 * A rejoin closes this object and builds a new one.
 */
export class MediaClient {
  private sendTransport: ms.Transport | null = null;
  private recvTransport: ms.Transport | null = null;
  private readonly producers = new Map<MediaSource, ms.Producer>();
  private readonly sourceQueues = new Map<MediaSource, Promise<unknown>>();
  private readonly consumers = new Map<ConsumerId, ReceivingConsumer>();
  /** Producers consumed or being consumed: a repeated announcement is not consumed twice. */
  private readonly consumedProducers = new Set<ProducerId>();
  private isClosed = false;

  private constructor(
    private readonly device: Device,
    private readonly request: RequestFn,
    private readonly hooks: MediaClientHooks,
  ) {}

  /**
   * Loads a Device for the room's router.
   *
   * @throws mediasoup-client's `UnsupportedError` in browsers without WebRTC.
   */
  static async create(
    routerRtpCapabilities: RtpCapabilities,
    request: RequestFn,
    hooks: MediaClientHooks,
  ): Promise<MediaClient> {
    const device = new Device();
    // The wire carries mediasoup's structures as JSON (shared/mediaSchemas.ts).
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as ms.RtpCapabilities });
    return new MediaClient(device, request, hooks);
  }

  get isOpen(): boolean {
    return !this.isClosed && this.recvTransport !== null;
  }

  canProduce(source: MediaSource): boolean {
    return this.device.canProduce(source === 'camera' ? 'video' : 'audio');
  }

  /** Creates both transports. They connect (DTLS) lazily, on the first produce or consume. */
  async openTransports(): Promise<void> {
    const [sendOptions, recvOptions] = await Promise.all([
      this.request('transport:create', { direction: 'send' }),
      this.request('transport:create', { direction: 'recv', rtpCapabilities: toWire(this.device.recvRtpCapabilities) }),
    ]);
    this.throwIfClosed();
    this.sendTransport = this.device.createSendTransport(toTransportOptions(sendOptions));
    this.recvTransport = this.device.createRecvTransport(toTransportOptions(recvOptions));
    this.wireConnect(this.sendTransport);
    this.wireConnect(this.recvTransport);
    this.wireProduce(this.sendTransport);
  }

  /**
   * Sends a local track; the track stays owned by LocalMedia (not stopped on
   * close). Sending the track already sent is a no-op, so a toggle and the
   * join's own send may race harmlessly.
   */
  produce(source: MediaSource, track: MediaStreamTrack): Promise<ProducerId> {
    return this.inOrder(source, async () => {
      const transport = this.requireTransport(this.sendTransport);
      const current = this.producers.get(source);
      if (current && !current.closed && current.track === track) return current.id as ProducerId;
      await this.closeProducer(source);
      const producer = await transport.produce({
        track,
        stopTracks: false,
        appData: { source },
        ...(source === 'camera' ? cameraProducerOptions(this.device) : MICROPHONE_PRODUCER_OPTIONS),
      });
      if (this.isClosed) {
        producer.close();
        throw new MediaClosedError();
      }
      this.producers.set(source, producer);
      return producer.id as ProducerId;
    });
  }

  /** Stops sending a source (camera off, microphone muted): nothing is sent while off. */
  stopProducing(source: MediaSource): Promise<void> {
    return this.inOrder(source, () => this.closeProducer(source));
  }

  private async closeProducer(source: MediaSource): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer) return;
    this.producers.delete(source);
    producer.close();
    if (this.isClosed) return;
    await this.request('media:close-producer', { producerId: producer.id as ProducerId });
  }

  /** Runs changes to one source one after another (on, off, on again, in the order asked). */
  private inOrder<T>(source: MediaSource, change: () => Promise<T>): Promise<T> {
    const previous = this.sourceQueues.get(source) ?? Promise.resolve();
    const result = previous.then(change);
    this.sourceQueues.set(source, result.catch(() => undefined));
    return result;
  }

  /**
   * Creates the local consumer of a remote producer. Returns null if it is
   * already consumed. The server created the consumer paused: call
   * {@link resume} once the caller has attached the track.
   */
  async consume(producer: ProducerInfo): Promise<ReceivedTrack | null> {
    const transport = this.requireTransport(this.recvTransport);
    if (this.consumedProducers.has(producer.producerId)) return null;
    this.consumedProducers.add(producer.producerId);
    try {
      const options = await this.request('media:consume', { producerId: producer.producerId });
      this.throwIfClosed();
      const consumer = await transport.consume({
        id: options.consumerId,
        producerId: options.producerId,
        kind: options.kind,
        rtpParameters: options.rtpParameters as ms.RtpParameters,
        appData: { peerId: options.peerId, source: options.source },
      });
      if (this.isClosed) {
        consumer.close();
        throw new MediaClosedError();
      }
      this.consumers.set(options.consumerId, { consumer, peerId: options.peerId, source: options.source });
      return {
        consumerId: options.consumerId,
        producerId: options.producerId,
        peerId: options.peerId,
        kind: options.kind,
        source: options.source,
      };
    } catch (error) {
      this.consumedProducers.delete(producer.producerId);
      throw error;
    }
  }

  /** Starts the flow of a consumer; the server sends a key frame so video shows at once. */
  async resume(consumerId: ConsumerId): Promise<void> {
    await this.request('media:resume-consumer', { consumerId });
  }

  trackOf(consumerId: ConsumerId): MediaStreamTrack | null {
    return this.consumers.get(consumerId)?.consumer.track ?? null;
  }

  /** Closes our side of a consumer (the server closed its side, or its producer is gone). */
  closeConsumer(consumerId: ConsumerId): void {
    const entry = this.consumers.get(consumerId);
    if (!entry) return;
    this.consumers.delete(consumerId);
    this.consumedProducers.delete(entry.consumer.producerId as ProducerId);
    entry.consumer.close();
  }

  /** @returns the id of the consumer that was closed, if any. */
  closeConsumerOfProducer(producerId: ProducerId): ConsumerId | null {
    for (const [consumerId, entry] of this.consumers) {
      if (entry.consumer.producerId === producerId) {
        this.closeConsumer(consumerId);
        return consumerId;
      }
    }
    // Not consumed yet (or in flight): forget it so a late answer is dropped.
    this.consumedProducers.delete(producerId);
    return null;
  }

  closeConsumersOfPeer(peerId: PeerId): void {
    for (const [consumerId, entry] of this.consumers) {
      if (entry.peerId === peerId) this.closeConsumer(consumerId);
    }
  }

  /** Per received track: packets, bytes and (for video) decoded frames. */
  async getInboundRtpStats(): Promise<InboundRtpSummary[]> {
    const transport = this.recvTransport;
    if (!transport || this.isClosed) return [];
    const report = await transport.getStats();
    const entries: unknown[] = [];
    report.forEach((entry: unknown) => entries.push(entry));
    const peerByTrack = new Map<string, PeerId>();
    const peerByMid = new Map<string, PeerId>();
    for (const { consumer, peerId } of this.consumers.values()) {
      peerByTrack.set(consumer.track.id, peerId);
      peerByMid.set(consumer.localId, peerId);
    }
    return summarizeInboundRtp(entries, ({ trackId, mid }) =>
      (trackId !== undefined ? peerByTrack.get(trackId) : undefined) ?? (mid !== undefined ? peerByMid.get(mid) : undefined),
    );
  }

  /** Closes transports, producers and consumers. The server side goes with `room:leave` or the disconnect. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.producers.clear();
    this.consumers.clear();
    this.consumedProducers.clear();
  }

  private wireConnect(transport: ms.Transport): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('transport:connect', { transportId: toTransportId(transport), dtlsParameters }).then(
        () => callback(),
        (error: unknown) => errback(toError(error)),
      );
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed' && !this.isClosed) this.hooks.onTransportFailed(transport.direction);
    });
  }

  private wireProduce(transport: ms.Transport): void {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData.source;
      if (source !== 'camera' && source !== 'microphone') {
        errback(new Error('produce without a camera or microphone source'));
        return;
      }
      this.request('media:produce', {
        transportId: toTransportId(transport),
        kind,
        source,
        rtpParameters: toWire(rtpParameters),
      }).then(
        ({ producerId }) => callback({ id: producerId }),
        (error: unknown) => errback(toError(error)),
      );
    });
  }

  private requireTransport(transport: ms.Transport | null): ms.Transport {
    this.throwIfClosed();
    if (!transport) throw new Error('transports are not open yet');
    return transport;
  }

  private throwIfClosed(): void {
    if (this.isClosed) throw new MediaClosedError();
  }
}

/** VP8, one layer, capped bitrate: cheap to encode and kind to weak uplinks. */
function cameraProducerOptions(device: Device): Partial<ms.ProducerOptions> {
  const vp8 = device.sendRtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'video/vp8');
  return {
    encodings: [{ maxBitrate: 500_000 }],
    codecOptions: { videoGoogleStartBitrate: 300 },
    ...(vp8 ? { codec: vp8 } : {}),
  };
}

/** Opus with in-band FEC (survives packet loss) and DTX (near-silent while quiet). */
const MICROPHONE_PRODUCER_OPTIONS: Partial<ms.ProducerOptions> = {
  codecOptions: { opusFec: true, opusDtx: true },
};

function toTransportOptions(options: TransportOptions): ms.TransportOptions {
  // The server passes mediasoup's own transport parameters through as JSON.
  return {
    id: options.id,
    iceParameters: options.iceParameters as ms.IceParameters,
    iceCandidates: options.iceCandidates as ms.IceCandidate[],
    dtlsParameters: options.dtlsParameters as ms.DtlsParameters,
  };
}

/**
 * mediasoup-client types codec parameters as `unknown` values; on the wire
 * they are strings and numbers (what SDP can carry), which the server checks.
 */
function toWire(value: ms.RtpCapabilities): RtpCapabilities;
function toWire(value: ms.RtpParameters): RtpParameters;
function toWire(value: ms.RtpCapabilities | ms.RtpParameters): RtpCapabilities | RtpParameters {
  return value as RtpCapabilities | RtpParameters;
}

function toTransportId(transport: ms.Transport): TransportOptions['id'] {
  return transport.id as TransportOptions['id'];
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
