import { performance } from 'node:perf_hooks';
import type { createWorker, types } from 'mediasoup';
import { MEDIA_CODECS } from '../../server/media/mediaCodecs.js';
import { clipRtpParameters, type RtpClip } from '../sfuFanout/rtpClip.js';
import { createRtpSource, type RtpSource } from '../sfuFanout/rtpSource.js';

/** One person on stage: a camera and a microphone producer, fed by its own replay of the clip. */
export type StagePerson = { producers: types.Producer[]; source: RtpSource };

/**
 * M people's camera + microphone flowing into one router of one real
 * mediasoup worker, as a stage would, with nobody consuming them yet.
 */
export type StreamFleet = {
  worker: types.Worker;
  router: types.Router;
  people: StagePerson[];
  close(): Promise<void>;
};

const LISTEN_IP = '127.0.0.1';
const MEDIA_TIMEOUT_MS = 15_000;

/**
 * Each person gets a PlainTransport (comedia, RTP and RTCP muxed) with a VP8
 * and an Opus producer declaring PLI feedback like a browser's camera, so
 * that the recorder's keyframe requests reach the producer (the replayed
 * clip ignores them: it has a keyframe every second anyway), and a source
 * replaying the clip into it. Resolves once every producer has received
 * media. `createWorker` is passed in so that the caller decides when
 * mediasoup, and its debug logging, is loaded.
 */
export async function createStreamFleet(options: {
  createWorker: typeof createWorker;
  clip: RtpClip;
  count: number;
}): Promise<StreamFleet> {
  const { clip, count } = options;
  const worker = await options.createWorker({ logLevel: 'warn' });
  const people: StagePerson[] = [];
  const close = async () => {
    for (const person of people) await person.source.close();
    worker.close();
  };
  try {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    for (let i = 0; i < count; i++) {
      const ingress = await router.createPlainTransport({ listenIp: LISTEN_IP, rtcpMux: true, comedia: true });
      const producers = await Promise.all(
        [clip.video, clip.audio].map((stream) =>
          ingress.produce({ kind: stream.kind, rtpParameters: clipRtpParameters(stream, { keyFrameRequests: true }) }),
        ),
      );
      const source = await createRtpSource(clip, { ip: LISTEN_IP, port: ingress.tuple.localPort });
      people.push({ producers, source });
    }
    for (const person of people) person.source.resume();
    await waitForMedia(people.flatMap((person) => person.producers));
    return { worker, router, people, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitForMedia(producers: types.Producer[]): Promise<void> {
  const deadline = performance.now() + MEDIA_TIMEOUT_MS;
  for (;;) {
    const stats = await Promise.all(producers.map((producer) => producer.getStats()));
    if (stats.every((producerStats) => producerStats.some((stat) => stat.packetCount > 0))) return;
    if (performance.now() > deadline) throw new Error(`the producers received no media within ${MEDIA_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
