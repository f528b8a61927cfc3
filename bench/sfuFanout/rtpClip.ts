import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import type { types } from 'mediasoup';

/** One RTP packet of the clip and when, relative to the clip's start, it is due. */
export type ClipPacket = { offsetMs: number; packet: Buffer };

/** One media stream of the clip, packetised by ffmpeg, ready to be replayed in a loop. */
export type ClipStream = {
  kind: 'video' | 'audio';
  mimeType: 'video/VP8' | 'audio/opus';
  clockRate: number;
  channels?: number;
  payloadType: number;
  ssrc: number;
  packets: ClipPacket[];
  /** Length of one loop in RTP clock ticks (last timestamp + one frame). */
  periodTicks: number;
  periodMs: number;
};

export type RtpClip = { video: ClipStream; audio: ClipStream };

/**
 * What a producer of the clip's stream declares to mediasoup. With
 * `keyFrameRequests`, video also declares the PLI feedback a browser's camera
 * does, so that mediasoup asks the producer for key frames (the clip ignores
 * them; a recording test counts them).
 */
export function clipRtpParameters(stream: ClipStream, { keyFrameRequests = false } = {}): types.RtpParameters {
  return {
    codecs: [
      {
        mimeType: stream.mimeType,
        payloadType: stream.payloadType,
        clockRate: stream.clockRate,
        ...(stream.channels ? { channels: stream.channels } : {}),
        ...(keyFrameRequests && stream.kind === 'video' ? { rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] } : {}),
      },
    ],
    encodings: [{ ssrc: stream.ssrc }],
  };
}

const CLIP_SECONDS = 4;
const VIDEO_KBPS = 500;
// A keyframe every second: a consumer created mid-stream forwards nothing
// until the next keyframe (the replayed source cannot answer PLIs), so this
// bounds how long a new consumer needs to settle.
const VIDEO_FPS = 30;
const KEYFRAME_INTERVAL_FRAMES = 30;
// WebRTC-sized packets, as a browser would send them.
const MAX_PACKET_BYTES = 1200;

const VIDEO = { payloadType: 101, ssrc: 11_111_111 };
const AUDIO = { payloadType: 100, ssrc: 22_222_222 };

/**
 * Encodes a short VP8 + Opus clip from ffmpeg's lavfi test sources into
 * `dir`, then has `ffmpeg -c copy` packetise it into RTP once and keeps the
 * packets in memory for {@link createRtpSource} to replay.
 */
export async function createRtpClip(dir: string, signal: AbortSignal): Promise<RtpClip> {
  const file = path.join(dir, 'stage.webm');
  await runFfmpeg(
    [
      '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${VIDEO_FPS}`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(CLIP_SECONDS),
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libvpx', '-b:v', `${VIDEO_KBPS}k`, '-minrate', `${VIDEO_KBPS}k`, '-maxrate', `${VIDEO_KBPS}k`,
      '-g', String(KEYFRAME_INTERVAL_FRAMES), '-deadline', 'realtime', '-cpu-used', '8',
      '-c:a', 'libopus', '-b:a', '64k', '-ac', '2',
      '-y', file,
    ],
    signal,
  );
  return captureRtp(file, signal);
}

async function captureRtp(file: string, signal: AbortSignal): Promise<RtpClip> {
  const video = await bindCapture();
  const audio = await bindCapture();
  const rtcp = await bindCapture();
  try {
    const target = (socket: dgram.Socket) =>
      `rtp://127.0.0.1:${socket.address().port}?rtcpport=${rtcp.socket.address().port}&pkt_size=${MAX_PACKET_BYTES}`;
    await runFfmpeg(
      [
        // Faster than real time, but paced enough for the receive buffer.
        '-readrate', '4', '-i', file,
        '-map', '0:v', '-c', 'copy', '-f', 'rtp',
        '-payload_type', String(VIDEO.payloadType), '-ssrc', String(VIDEO.ssrc), target(video.socket),
        '-map', '0:a', '-c', 'copy', '-f', 'rtp',
        '-payload_type', String(AUDIO.payloadType), '-ssrc', String(AUDIO.ssrc), target(audio.socket),
      ],
      signal,
    );
    // Loopback delivery is immediate, but let the event loop drain the socket.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      video: toClipStream('video', video.packets, { ...VIDEO, mimeType: 'video/VP8', clockRate: 90_000 }),
      audio: toClipStream('audio', audio.packets, { ...AUDIO, mimeType: 'audio/opus', clockRate: 48_000, channels: 2 }),
    };
  } finally {
    for (const capture of [video, audio, rtcp]) capture.socket.close();
  }
}

function toClipStream(
  kind: ClipStream['kind'],
  packets: Buffer[],
  codec: Pick<ClipStream, 'mimeType' | 'clockRate' | 'channels' | 'payloadType' | 'ssrc'>,
): ClipStream {
  const first = packets[0];
  if (!first) throw new Error(`ffmpeg sent no ${kind} RTP packets`);
  for (let i = 1; i < packets.length; i++) {
    const expected = (sequenceNumber(packets[i - 1]!) + 1) & 0xffff;
    if (sequenceNumber(packets[i]!) !== expected) {
      throw new Error(`the captured ${kind} RTP has a gap at packet ${i}: the receive buffer overflowed`);
    }
  }
  const firstTimestamp = timestamp(first);
  const ticks = packets.map((packet) => (timestamp(packet) - firstTimestamp) >>> 0);
  const frameTicks = medianFrameTicks(ticks);
  const periodTicks = ticks[ticks.length - 1]! + frameTicks;
  return {
    kind,
    ...codec,
    packets: packets.map((packet, i) => ({ packet, offsetMs: (ticks[i]! * 1000) / codec.clockRate })),
    periodTicks,
    periodMs: (periodTicks * 1000) / codec.clockRate,
  };
}

function medianFrameTicks(ticks: number[]): number {
  const deltas: number[] = [];
  for (let i = 1; i < ticks.length; i++) {
    const delta = ticks[i]! - ticks[i - 1]!;
    if (delta > 0) deltas.push(delta);
  }
  deltas.sort((a, b) => a - b);
  const median = deltas[Math.floor(deltas.length / 2)];
  if (median === undefined) throw new Error('the captured RTP spans no time');
  return median;
}

const sequenceNumber = (packet: Buffer) => packet.readUInt16BE(2);
const timestamp = (packet: Buffer) => packet.readUInt32BE(4);

async function bindCapture(): Promise<{ socket: dgram.Socket; packets: Buffer[] }> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  const packets: Buffer[] = [];
  socket.on('message', (packet) => packets.push(packet));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, packets };
}

function runFfmpeg(args: string[], signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      signal,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, killedBy) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${killedBy ?? code}: ${stderr.trim()}`));
    });
  });
}
