import { Device } from 'mediasoup-client';
import type { types as ms } from 'mediasoup-client';
import type { ConsumerOptions, ProducerInfo, TransportOptions } from '../../../shared/events.js';
import { isMediaSource, type MediaSource } from '../../../shared/mediaSources.js';
import type { ConsumerId, PeerId, ProducerId } from '../../../shared/ids.js';
import type { RtpCapabilities, RtpParameters } from '../../../shared/mediaSchemas.js';
import { RequestError } from '../realtime/requestError.js';
import type { RequestFn } from '../realtime/socket.js';
import { summarizeInboundRtp, type InboundRtpSummary, type TrackOrigin } from './inboundRtpStats.js';
import { MediaClosedError } from './MediaClosedError.js';
import { combineLinkStatus, TransportRecovery, type MediaLinkStatus, type RecoveryTrigger } from './transportRecovery.js';
import type { VideoFlow } from './videoQuality.js';

/** A remote track now received (its consumer still paused on the server until its flow is set). */
export interface ReceivedTrack {
  consumerId: ConsumerId;
  producerId: ProducerId;
  peerId: PeerId;
  kind: ConsumerOptions['kind'];
  source: MediaSource;
}

type Direction = 'send' | 'recv';

export interface MediaClientHooks {
  /**
   * Whether our media gets through (see {@link MediaLinkStatus}). A
   * transport that cannot connect is retried here, in the room: the person
   * keeps their place and is told what is wrong meanwhile.
   */
  onLinkStatusChange(status: MediaLinkStatus): void;
  /**
   * The server no longer had one of our transports (its DTLS handshake
   * failed) and it was replaced: what was received on it must be consumed
   * again on the new receiving transport ('recv'), what was sent must be
   * sent again ('send': the next produce opens a new sending transport).
   */
  onTransportReplaced(direction: Direction): void;
}

interface ReceivingConsumer {
  consumer: ms.Consumer;
  peerId: PeerId;
  source: MediaSource;
  /** What the server was last asked for (consumers start paused, at the server's default layer). */
  applied: VideoFlow;
  /** What the viewer wants now; applied in order, stale wishes skipped. */
  wanted: VideoFlow;
  applying: Promise<void>;
}


/**
 * Everything mediasoup-client for one stay in one room: the Device, a
 * receiving transport, a sending one while on stage, our producers and our
 * consumers. A rejoin closes this object and builds a new one.
 */
export class MediaClient {
  private sendTransport: Promise<ms.Transport> | null = null;
  private recvTransport: ms.Transport | null = null;
  private readonly producers = new Map<MediaSource, ms.Producer>();
  private readonly sourceQueues = new Map<MediaSource, Promise<unknown>>();
  private readonly consumers = new Map<ConsumerId, ReceivingConsumer>();
  /** Producers consumed or being consumed: a repeated announcement is not consumed twice. */
  private readonly consumedProducers = new Set<ProducerId>();
  /** Per direction, kept across transports so a replaced one continues the backoff. */
  private readonly recoveries = new Map<Direction, TransportRecovery>();
  /** Whether the receiving transport was opened: it stays so while a replacement is being opened. */
  private isReceivingSetUp = false;
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

  /**
   * Whether media is set up (the receiving transport was opened) and not
   * closed. A receiving transport being replaced does not close it: sending
   * goes on, and what is announced meanwhile is received once the
   * replacement is open ({@link MediaClientHooks.onTransportReplaced}).
   */
  get isOpen(): boolean {
    return !this.isClosed && this.isReceivingSetUp;
  }

  canProduce(source: MediaSource): boolean {
    return this.device.canProduce(source === 'camera' || source === 'screen' ? 'video' : 'audio');
  }

  /**
   * Creates the receiving transport. Everyone receives; only people on stage
   * send, so the sending transport is opened by the first {@link produce}.
   */
  async openReceiving(): Promise<void> {
    const options = await this.request('transport:create', {
      direction: 'recv',
      rtpCapabilities: toWire(this.device.recvRtpCapabilities),
    });
    this.throwIfClosed();
    this.recvTransport = this.device.createRecvTransport(toTransportOptions(options));
    this.wireConnect(this.recvTransport);
    this.isReceivingSetUp = true;
  }

  /** How our media gets through, from both transports. */
  get linkStatus(): MediaLinkStatus {
    return combineLinkStatus([...this.recoveries.values()].map((recovery) => recovery.currentStatus));
  }

  /** The person asked to try again: every transport that failed tries at once. */
  retryConnection(): void {
    for (const recovery of this.recoveries.values()) recovery.retryNow();
  }

  /** Attempts to reconnect made so far, both directions, by what started them (diagnostics). */
  get recoveryAttempts(): Record<RecoveryTrigger, number> {
    const total: Record<RecoveryTrigger, number> = { backoff: 0, person: 0 };
    for (const recovery of this.recoveries.values()) {
      total.backoff += recovery.attempts.backoff;
      total.person += recovery.attempts.person;
    }
    return total;
  }

  private openSending(): Promise<ms.Transport> {
    if (!this.sendTransport) {
      const opening = this.request('transport:create', { direction: 'send' }).then((options) => {
        this.throwIfClosed();
        const transport = this.device.createSendTransport(toTransportOptions(options));
        this.wireConnect(transport);
        this.wireProduce(transport);
        return transport;
      });
      // A failed attempt is not remembered: the next produce tries again.
      opening.catch(() => {
        if (this.sendTransport === opening) this.sendTransport = null;
      });
      this.sendTransport = opening;
    }
    return this.sendTransport;
  }

  /**
   * Sends a local track; the track stays owned by LocalMedia (not stopped on
   * close). A new track for a source already sent replaces it in place (a
   * device switch keeps the producer, and a muted microphone stays muted).
   */
  produce(source: MediaSource, track: MediaStreamTrack): Promise<ProducerId> {
    return this.inOrder(source, async () => {
      const current = this.producers.get(source);
      if (current && !current.closed) {
        if (current.track !== track) await current.replaceTrack({ track });
        return current.id as ProducerId;
      }
      const transport = await this.openSending();
      this.throwIfClosed();
      const producer = await transport.produce({
        track,
        stopTracks: false,
        appData: { source },
        ...producerOptions(source, this.device),
      });
      if (this.isClosed) {
        producer.close();
        throw new MediaClosedError();
      }
      this.producers.set(source, producer);
      return producer.id as ProducerId;
    });
  }

  isProducing(source: MediaSource): boolean {
    const producer = this.producers.get(source);
    return producer !== undefined && !producer.closed;
  }

  /** Mutes a source without closing it (the microphone button): unmuting is then instant. */
  pauseProducer(source: MediaSource): Promise<void> {
    return this.inOrder(source, async () => {
      const producer = this.producers.get(source);
      if (!producer) return;
      // Not skipped when already paused locally: a producer made from a muted
      // (disabled) track starts paused here but flowing on the server.
      producer.pause();
      await this.request('media:pause-producer', { producerId: producer.id as ProducerId });
    });
  }

  /** Unmutes a source, including one a moderator muted. */
  resumeProducer(source: MediaSource): Promise<void> {
    return this.inOrder(source, async () => {
      const producer = this.producers.get(source);
      if (!producer) return;
      await this.request('media:resume-producer', { producerId: producer.id as ProducerId });
      producer.resume();
    });
  }

  /** The server paused one of our producers (a moderator): stop sending bits for it too. */
  notePausedByServer(source: MediaSource): void {
    this.producers.get(source)?.pause();
  }

  /** Stops sending a source (camera off, screen share stopped). */
  stopProducing(source: MediaSource): Promise<void> {
    return this.inOrder(source, () => this.closeProducer(source, { tellServer: true }));
  }

  /** The server already closed one of our producers (a moderator, or we left the stage): drop our side. */
  forgetProducer(source: MediaSource): Promise<void> {
    return this.inOrder(source, () => this.closeProducer(source, { tellServer: false }));
  }

  private async closeProducer(source: MediaSource, { tellServer }: { tellServer: boolean }): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer) return;
    this.producers.delete(source);
    producer.close();
    if (this.isClosed || !tellServer) return;
    await this.request('media:close-producer', { producerId: producer.id as ProducerId }).catch((error: unknown) => {
      // Closed on the server meanwhile (a moderator, a seat change): nothing left to close.
      if (!(error instanceof RequestError && error.code === 'NOT_FOUND')) throw error;
    });
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
   * already consumed, or while the receiving transport is being replaced
   * (it is consumed on the new one: {@link MediaClientHooks.onTransportReplaced}).
   * The server created the consumer paused: resume it (audio) or set its
   * flow (video) once the caller has recorded it.
   */
  async consume(producer: ProducerInfo): Promise<ReceivedTrack | null> {
    this.throwIfClosed();
    if (!this.isReceivingSetUp) throw new Error('the receiving transport is not open yet');
    const transport = this.recvTransport;
    if (!transport || this.consumedProducers.has(producer.producerId)) return null;
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
      const initial: VideoFlow = { isPaused: true, spatialLayer: null };
      this.consumers.set(options.consumerId, {
        consumer,
        peerId: options.peerId,
        source: options.source,
        applied: initial,
        wanted: initial,
        applying: Promise.resolve(),
      });
      return {
        consumerId: options.consumerId,
        producerId: options.producerId,
        peerId: options.peerId,
        kind: options.kind,
        source: options.source,
      };
    } catch (error) {
      // Unless the transport was replaced meanwhile: the producer is then consumed again on the new one.
      if (this.recvTransport === transport) this.consumedProducers.delete(producer.producerId);
      throw error;
    }
  }

  /**
   * Asks the server for the flow a consumer should have: paused or not, and
   * for simulcast video the best layer. Only changes are sent, in order; the
   * layer goes first so a resumed video does not start with a burst of the
   * sharpest one.
   */
  setFlow(consumerId: ConsumerId, wanted: VideoFlow): Promise<void> {
    const entry = this.consumers.get(consumerId);
    if (!entry) return Promise.resolve();
    entry.wanted = wanted;
    entry.applying = entry.applying.then(() => this.applyFlow(consumerId, entry)).catch((error: unknown) => {
      if (error instanceof MediaClosedError || !this.consumers.has(consumerId)) return;
      // The consumer closed on the server meanwhile; anything else is worth a trace.
      if (error instanceof RequestError && error.code === 'NOT_FOUND') return;
      console.warn('[convene] consumer flow change failed', error);
    });
    return entry.applying;
  }

  private async applyFlow(consumerId: ConsumerId, entry: ReceivingConsumer): Promise<void> {
    const { wanted, applied } = entry;
    if (this.isClosed || !this.consumers.has(consumerId)) return;
    if (wanted.spatialLayer !== null && wanted.spatialLayer !== applied.spatialLayer) {
      await this.request('media:set-consumer-layers', { consumerId, spatialLayer: wanted.spatialLayer });
      entry.applied = { ...entry.applied, spatialLayer: wanted.spatialLayer };
    }
    if (wanted.isPaused !== applied.isPaused) {
      await this.request(wanted.isPaused ? 'media:pause-consumer' : 'media:resume-consumer', { consumerId });
      entry.applied = { ...entry.applied, isPaused: wanted.isPaused };
    }
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

  /** Per received track: whose it is, packets, bytes and (for video) decoded frames. */
  async getInboundRtpStats(): Promise<InboundRtpSummary[]> {
    const transport = this.recvTransport;
    if (!transport || this.isClosed) return [];
    const report = await transport.getStats();
    const entries: unknown[] = [];
    report.forEach((entry: unknown) => entries.push(entry));
    const byTrack = new Map<string, TrackOrigin>();
    const byMid = new Map<string, TrackOrigin>();
    for (const { consumer, peerId, source } of this.consumers.values()) {
      byTrack.set(consumer.track.id, { peerId, source });
      byMid.set(consumer.localId, { peerId, source });
    }
    return summarizeInboundRtp(entries, ({ trackId, mid }) =>
      (trackId !== undefined ? byTrack.get(trackId) : undefined) ?? (mid !== undefined ? byMid.get(mid) : undefined),
    );
  }

  /** Closes transports, producers and consumers. The server side goes with `room:leave` or the disconnect. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const recovery of this.recoveries.values()) recovery.close();
    void this.sendTransport?.then((transport) => transport.close(), () => undefined);
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
    const recovery = this.recoveryFor(transport.direction);
    // A new transport (the first, or a replacement): watched from its first state.
    recovery.startOver();
    transport.on('connectionstatechange', (state) => {
      if (!this.isClosed && !transport.closed) recovery.handleState(state);
    });
  }

  private recoveryFor(direction: Direction): TransportRecovery {
    let recovery = this.recoveries.get(direction);
    if (!recovery) {
      recovery = new TransportRecovery({
        recover: () => this.recover(direction),
        onStatusChange: () => {
          if (!this.isClosed) this.hooks.onLinkStatusChange(this.linkStatus);
        },
      });
      this.recoveries.set(direction, recovery);
    }
    return recovery;
  }

  /**
   * One attempt to get a transport connected again: an ICE restart (new
   * credentials from the server, every path tried again, nothing else
   * changes), or a new transport if the server closed the old one.
   */
  private async recover(direction: Direction): Promise<void> {
    this.throwIfClosed();
    if (direction === 'recv' && !this.recvTransport) {
      // The last attempt closed it but could not open its replacement (a timeout, a refusal).
      await this.reopenReceiving();
      return;
    }
    const transport = direction === 'recv' ? this.recvTransport : await this.sendTransport;
    if (!transport) {
      // Nothing is sent any more: nothing to recover until the next produce opens a transport.
      this.recoveries.get(direction)?.startOver();
      return;
    }
    try {
      const { iceParameters } = await this.request('transport:restart-ice', { transportId: toTransportId(transport) });
      this.throwIfClosed();
      await transport.restartIce({ iceParameters });
    } catch (error) {
      if (!(error instanceof RequestError && error.code === 'NOT_FOUND')) throw error;
      await this.replaceTransport(direction, transport);
    }
  }

  /** The server no longer has `old`: a new transport of the same direction, and what went on it again. */
  private async replaceTransport(direction: Direction, old: ms.Transport): Promise<void> {
    old.close();
    if (direction === 'recv') {
      // Its consumers went with it, here and on the server. Should opening
      // the new one fail, the attempt fails and the next one opens it.
      this.recvTransport = null;
      this.consumers.clear();
      this.consumedProducers.clear();
      await this.reopenReceiving();
      return;
    }
    // Its producers went with it; the next produce opens a new transport.
    // Until then nothing is sent, so nothing is wrong: there may never be
    // one (the person left the stage, or turned everything off).
    this.sendTransport = null;
    this.producers.clear();
    this.recoveries.get('send')?.startOver();
    this.hooks.onTransportReplaced('send');
  }

  private async reopenReceiving(): Promise<void> {
    await this.openReceiving();
    this.hooks.onTransportReplaced('recv');
  }

  private wireProduce(transport: ms.Transport): void {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData.source;
      if (!isMediaSource(source)) {
        errback(new Error('produce without a media source'));
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

  private throwIfClosed(): void {
    if (this.isClosed) throw new MediaClosedError();
  }
}

function producerOptions(source: MediaSource, device: Device): Partial<ms.ProducerOptions> {
  switch (source) {
    case 'camera':
      return cameraProducerOptions(device);
    case 'screen':
      return SCREEN_PRODUCER_OPTIONS;
    case 'microphone':
      return MICROPHONE_PRODUCER_OPTIONS;
    case 'screen-audio':
      return SCREEN_AUDIO_PRODUCER_OPTIONS;
  }
}

/**
 * VP8 in two simulcast layers, half and full size (320×180 and 640×360):
 * each receiver gets the layer its tile and its connection can use, so one
 * weak link never lowers the quality for everyone.
 *
 * Two, not three: Chromium sends at most two simulcast layers of a 640×360
 * camera (libwebrtc limits the layer count by resolution, three from
 * 960×540 up) and silently drops the extra encoding, which is the largest.
 * Asked for three (a quarter, half, full), it sent 160×90 and 320×180 and
 * never 640×360, with no bandwidth or CPU limit in its stats, so every
 * large tile showed "low quality". Firefox sends whatever is asked.
 */
const CAMERA_ENCODINGS: ms.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 900_000 },
];

function cameraProducerOptions(device: Device): Partial<ms.ProducerOptions> {
  const vp8 = device.sendRtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'video/vp8');
  return {
    encodings: CAMERA_ENCODINGS,
    codecOptions: { videoGoogleStartBitrate: 300 },
    ...(vp8 ? { codec: vp8 } : {}),
  };
}

/** Slides and documents: one layer, sharpness before smoothness. */
const SCREEN_PRODUCER_OPTIONS: Partial<ms.ProducerOptions> = {
  encodings: [{ maxBitrate: 1_200_000 }],
  codecOptions: { videoGoogleStartBitrate: 500 },
};

/** Opus with in-band FEC (survives packet loss) and DTX (near-silent while quiet). */
const MICROPHONE_PRODUCER_OPTIONS: Partial<ms.ProducerOptions> = {
  codecOptions: { opusFec: true, opusDtx: true },
};

/** A shared video's sound: stereo and never cut by DTX between notes. */
const SCREEN_AUDIO_PRODUCER_OPTIONS: Partial<ms.ProducerOptions> = {
  codecOptions: { opusFec: true, opusStereo: true },
};

function toTransportOptions(options: TransportOptions): ms.TransportOptions {
  // The server passes mediasoup's own transport parameters through as JSON.
  return {
    id: options.id,
    iceParameters: options.iceParameters,
    // mediasoup-client's type asks for `address`, which it reads as `address ?? ip` (mediasoup 3.12 sends `ip`).
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
