import { randomBytes } from 'node:crypto';
import type { createWorker, types } from 'mediasoup';
import { MEDIA_CODECS } from '../../server/media/mediaCodecs.js';
import { WORKER_PORT_RANGE, type PacketSink } from './counters.js';
import { clipRtpParameters, type RtpClip } from './rtpClip.js';

/**
 * Master key + salt length of each SRTP suite, in bytes. PlainTransport's
 * default is AES_CM_128_HMAC_SHA1_80; browsers on WebRtcTransports usually
 * end up with AEAD_AES_256_GCM, mediasoup's first choice in DTLS-SRTP.
 */
export const SRTP_KEY_BYTES: Record<types.SrtpCryptoSuite, number> = {
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_CM_128_HMAC_SHA1_32: 30,
  AEAD_AES_128_GCM: 28,
  AEAD_AES_256_GCM: 44,
};

export type MediaKind = 'video' | 'audio';

/** Packets and bytes the producer of each kind received so far. */
export type ProducerCounts = Record<MediaKind, { packets: number; bytes: number }>;

/**
 * The stage producer (VP8 + Opus on a PlainTransport of router A) and a pool
 * of viewers. A viewer is one PlainTransport with SRTP carrying a VP8 and an
 * Opus consumer, as a browser's receive transport would (or the VP8 one
 * only). With two workers, the producers are piped from router A to router
 * B and viewers alternate between the two routers.
 */
export type Stage = {
  workerPids: number[];
  viewerKinds: MediaKind[];
  /** Where the source sends the producers' RTP. */
  producerTarget: { ip: string; port: number };
  /**
   * Pipes the producers from router A to the other routers. Call it after
   * the producers have received media (else the pipe consumer asks for a
   * keyframe of a stream the producer does not have yet) and while the
   * source is paused (else the other router receives RTP before its pipe
   * producer exists): both are harmless, but the worker logs warnings.
   */
  pipeProducers(): Promise<void>;
  setViewerCount(count: number): Promise<void>;
  readProducerCounts(): Promise<ProducerCounts>;
  /** Packets all consumers sent (their outbound RTP streams), as the worker counts them. */
  readConsumerPackets(): Promise<number>;
  close(): void;
};

type Viewer = { transport: types.PlainTransport; consumers: types.Consumer[] };

const LISTEN_IP = '127.0.0.1';
// Enough requests in flight to keep the worker channel busy without flooding it.
const CONCURRENCY = 64;

/**
 * `createWorker` is passed in rather than imported so that the caller decides
 * when mediasoup (and its debug logging) is loaded.
 */
export async function createStage(options: {
  createWorker: typeof createWorker;
  workerCount: 1 | 2;
  clip: RtpClip;
  sink: PacketSink;
  rtcpSinkPort: number;
  /** What each viewer consumes: the stage's video and audio, or its video only. */
  viewerKinds: MediaKind[];
  srtpCryptoSuite: types.SrtpCryptoSuite;
}): Promise<Stage> {
  const { clip, sink, rtcpSinkPort, viewerKinds, srtpCryptoSuite } = options;
  const workers: types.Worker[] = [];
  try {
    for (let i = 0; i < options.workerCount; i++) {
      // Untagged warnings and errors always show; of the tagged ones, SRTP
      // failures would make the counts wrong. (The 'rtp' tag is too chatty
      // with hundreds of consumers: one line per consumer per event.)
      workers.push(await options.createWorker({ logLevel: 'warn', logTags: ['srtp'], ...WORKER_PORT_RANGE }));
    }
    const routers = await Promise.all(workers.map((worker) => worker.createRouter({ mediaCodecs: MEDIA_CODECS })));
    const stageRouter = routers[0]!;
    const ingress = await stageRouter.createPlainTransport({ listenIp: LISTEN_IP, rtcpMux: true, comedia: true });
    const producers = await Promise.all(
      [clip.video, clip.audio].map((stream) =>
        ingress.produce({ kind: stream.kind, rtpParameters: clipRtpParameters(stream) }),
      ),
    );

    const viewers: Viewer[] = [];
    const createViewer = async (index: number): Promise<Viewer> => {
      const router = routers[index % routers.length]!;
      const transport = await router.createPlainTransport({
        listenIp: LISTEN_IP,
        rtcpMux: false,
        comedia: false,
        enableSrtp: true,
        srtpCryptoSuite,
      });
      const rtp = sink.rtpTarget(index);
      await transport.connect({
        ip: rtp.ip,
        port: rtp.port,
        rtcpPort: rtcpSinkPort,
        // Each viewer has its own keys, as each browser would.
        srtpParameters: {
          cryptoSuite: srtpCryptoSuite,
          keyBase64: randomBytes(SRTP_KEY_BYTES[srtpCryptoSuite]).toString('base64'),
        },
      });
      const consumers: types.Consumer[] = [];
      const rtpCapabilities = withoutBandwidthEstimation(router.rtpCapabilities);
      for (const producer of producers.filter((producer) => viewerKinds.includes(producer.kind))) {
        consumers.push(await transport.consume({ producerId: producer.id, rtpCapabilities }));
      }
      return { transport, consumers };
    };

    return {
      workerPids: workers.map((worker) => worker.pid),
      viewerKinds,
      producerTarget: { ip: LISTEN_IP, port: ingress.tuple.localPort },
      async pipeProducers() {
        for (const router of routers.slice(1)) {
          for (const producer of producers) await stageRouter.pipeToRouter({ producerId: producer.id, router });
        }
      },
      async setViewerCount(count) {
        while (viewers.length > count) viewers.pop()!.transport.close();
        const indexes = Array.from({ length: count - viewers.length }, (_, i) => viewers.length + i);
        viewers.push(...(await mapConcurrently(indexes, createViewer)));
      },
      async readProducerCounts() {
        const counts: ProducerCounts = { video: { packets: 0, bytes: 0 }, audio: { packets: 0, bytes: 0 } };
        for (const producer of producers) {
          for (const stat of await producer.getStats()) {
            if (stat.type !== 'inbound-rtp') continue;
            counts[producer.kind].packets += stat.packetCount;
            counts[producer.kind].bytes += stat.byteCount;
          }
        }
        return counts;
      },
      async readConsumerPackets() {
        const consumers = viewers.flatMap((viewer) => viewer.consumers);
        const stats = (await mapConcurrently(consumers, (consumer) => consumer.getStats())).flat();
        return sum(stats.filter((stat) => stat.type === 'outbound-rtp').map((stat) => stat.packetCount));
      },
      close: () => closeWorkers(workers),
    };
  } catch (error) {
    closeWorkers(workers);
    throw error;
  }
}

function closeWorkers(workers: types.Worker[]): void {
  for (const worker of workers) worker.close();
}

/**
 * The receiver sends no feedback, so bandwidth estimation would only add the
 * probator's padding packets (payload type 127) to the counted RTP: take
 * transport-cc and REMB out, as for any PlainTransport recorder. NACK, PLI
 * and RTX stay, as a browser would have them.
 */
function withoutBandwidthEstimation(capabilities: types.RtpCapabilities): types.RtpCapabilities {
  const estimation = new Set(['transport-cc', 'goog-remb']);
  return {
    codecs: capabilities.codecs?.map((codec) => ({
      ...codec,
      rtcpFeedback: codec.rtcpFeedback?.filter((feedback) => !estimation.has(feedback.type)),
    })),
    headerExtensions: capabilities.headerExtensions?.filter(
      (extension) => !/transport-wide-cc|abs-send-time/.test(extension.uri),
    ),
  };
}

async function mapConcurrently<T, R>(items: T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, run));
  return results;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
