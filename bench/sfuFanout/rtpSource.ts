import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { ClipStream, RtpClip } from './rtpClip.js';

/** Packets and bytes handed to the kernel so far, per stream. */
export type SentCounts = Record<ClipStream['kind'], { packets: number; bytes: number }>;

/**
 * The stage producer: replays the captured clip in a loop at its own pace,
 * rewriting sequence numbers and timestamps so the loop is seamless. It can
 * be paused, so that counters are read while nothing is in flight.
 */
export type RtpSource = {
  sent(): SentCounts;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
};

const TICK_MS = 5;

type StreamCursor = { stream: ClipStream; index: number; loop: number; sequenceNumber: number };

export async function createRtpSource(clip: RtpClip, target: { ip: string; port: number }): Promise<RtpSource> {
  const socket = dgram.createSocket('udp4');
  // mediasoup's RTCP receiver reports and PLIs come back here; nothing needs them.
  socket.on('message', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));

  const cursors: StreamCursor[] = [clip.video, clip.audio].map((stream) => ({
    stream,
    index: 0,
    loop: 0,
    sequenceNumber: stream.packets[0]!.packet.readUInt16BE(2),
  }));
  const sent: SentCounts = { video: { packets: 0, bytes: 0 }, audio: { packets: 0, bytes: 0 } };
  let sendError: Error | undefined;
  // Clip time 0 in performance.now() terms; moved forward by every pause.
  let originMs = performance.now();
  let pausedAtMs: number | undefined = originMs;
  let timer: NodeJS.Timeout | undefined;

  const sendDue = () => {
    const clipNowMs = performance.now() - originMs;
    for (const cursor of cursors) {
      for (;;) {
        const { stream } = cursor;
        const next = stream.packets[cursor.index]!;
        if (cursor.loop * stream.periodMs + next.offsetMs > clipNowMs) break;
        const packet = Buffer.from(next.packet);
        packet.writeUInt16BE(cursor.sequenceNumber, 2);
        packet.writeUInt32BE((packet.readUInt32BE(4) + cursor.loop * stream.periodTicks) >>> 0, 4);
        socket.send(packet, target.port, target.ip, (error) => {
          if (error) sendError ??= error;
        });
        sent[stream.kind].packets += 1;
        sent[stream.kind].bytes += packet.length;
        cursor.sequenceNumber = (cursor.sequenceNumber + 1) & 0xffff;
        cursor.index += 1;
        if (cursor.index === stream.packets.length) {
          cursor.index = 0;
          cursor.loop += 1;
        }
      }
    }
  };

  return {
    sent() {
      if (sendError) throw sendError;
      return { video: { ...sent.video }, audio: { ...sent.audio } };
    },
    pause() {
      if (pausedAtMs !== undefined) return;
      sendDue();
      clearInterval(timer);
      pausedAtMs = performance.now();
    },
    resume() {
      if (pausedAtMs === undefined) return;
      originMs += performance.now() - pausedAtMs;
      pausedAtMs = undefined;
      timer = setInterval(sendDue, TICK_MS);
    },
    async close() {
      clearInterval(timer);
      pausedAtMs = performance.now();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
