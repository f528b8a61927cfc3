import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipRtpParameters, createRtpClip } from '../../bench/sfuFanout/rtpClip.js';
import { createRtpSource, type RtpSource } from '../../bench/sfuFanout/rtpSource.js';
import { createLogger } from '../logger.js';
import { MEDIA_CODECS } from '../media/mediaCodecs.js';
import { RtpCapture, type FfmpegExit } from './rtpCapture.js';
import type { SegmentFile } from './segmentFiles.js';

const run = promisify(execFile);
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const SEGMENT_SECONDS = 2;

describe('RtpCapture with real mediasoup and ffmpeg', () => {
  let dir: string;
  let worker: types.Worker;
  let router: types.Router;
  let producers: types.Producer[];
  let source: RtpSource;
  let captureCount = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'convene-rtp-capture-'));
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    // One person's camera and microphone: a replayed VP8 + Opus clip, as in bench/sfuFanout.
    const clip = await createRtpClip(dir, AbortSignal.timeout(60_000));
    const ingress = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    producers = await Promise.all(
      [clip.video, clip.audio].map((stream) => ingress.produce({ kind: stream.kind, rtpParameters: clipRtpParameters(stream, { keyFrameRequests: true }) })),
    );
    source = await createRtpSource(clip, { ip: '127.0.0.1', port: ingress.tuple.localPort });
    source.resume();
    await waitFor('the producers to receive media', async () => {
      const stats = await Promise.all(producers.map((producer) => producer.getStats()));
      return stats.every((producerStats) => producerStats.some((stat) => stat.packetCount > 0));
    });
  });

  afterAll(async () => {
    await source?.close();
    worker?.close();
    if (dir && !process.env.TEST_KEEP_FILES) await rm(dir, { recursive: true, force: true });
  });

  const createCapture = (recorded = producers) =>
    new RtpCapture({
      router,
      producers: recorded,
      directory: path.join(dir, `capture-${++captureCount}`),
      logger,
      segmentSeconds: SEGMENT_SECONDS,
    });

  it('records VP8 + Opus into segments that each start on a keyframe and together last the wall-clock time', async () => {
    const capture = createCapture();
    const plisBefore = await videoPliCount(producers);
    await capture.start();
    const startedAt = performance.now();
    // The recording's length, not a wait for something to happen.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const exit = await capture.stop();
    expect(exit).toMatchObject({ code: 0, signal: null });
    // A browser sends a keyframe only when asked (this replayed clip has one every second anyway):
    // the camera was asked at the start and at each segment boundary.
    // Boundaries well inside the recording: one at its very end races with stop().
    const boundaries = Math.floor((wallSeconds - 0.5) / SEGMENT_SECONDS);
    expect((await videoPliCount(producers)) - plisBefore).toBeGreaterThanOrEqual(1 + boundaries);

    const segments = await capture.segments();
    expect(segments.length).toBeGreaterThanOrEqual(2);
    const probes = await Promise.all(segments.map(probe));
    for (const [i, segment] of segments.entries()) {
      expect(segment.isComplete).toBe(true);
      expect(probes[i]!.codecs).toEqual({ video: 'vp8', audio: 'opus' });
      expect(probes[i]!.firstVideoFrameIsKey).toBe(true);
    }
    const totalSeconds = sum(probes.map((result) => result.durationSeconds));
    report('graceful 6 s', wallSeconds, segments, probes);
    expect(Math.abs(totalSeconds - wallSeconds) / wallSeconds).toBeLessThanOrEqual(0.1);
  });

  it('records a microphone alone, cut into segments on time', async () => {
    const microphone = producers.filter((producer) => producer.kind === 'audio');
    const capture = createCapture(microphone);
    await capture.start();
    await waitFor('two complete segments', async () => (await capture.segments()).filter((s) => s.isComplete).length >= 2);
    expect(await capture.stop()).toMatchObject({ code: 0 });

    const segments = await capture.segments();
    const probes = await Promise.all(segments.map(probe));
    for (const [i, segment] of segments.entries()) {
      expect(segment.isComplete).toBe(true);
      expect(probes[i]!.codecs).toEqual({ audio: 'opus' });
    }
    for (const result of probes.slice(0, -1)) expect(result.durationSeconds).toBeCloseTo(SEGMENT_SECONDS, 1);
  });

  it('restarts ffmpeg into a new run after kill -9, and every segment stays playable', async () => {
    const capture = createCapture();
    const exits: FfmpegExit[] = [];
    capture.onFfmpegExited((exit) => exits.push(exit));
    const restarted = new Promise<number>((resolve) => capture.onRestarted(resolve));
    await capture.start();
    const startedAt = performance.now();
    // Killed while a segment is half written: after a complete one, once the next holds flushed media.
    await waitFor('a segment being written after a complete one', async () => {
      const segments = await capture.segments();
      const writing = segments.at(-1);
      return segments.some((segment) => segment.isComplete) && !!writing && !writing.isComplete && (await stat(writing.path)).size > 20_000;
    });

    const killedPid = capture.ffmpegPid!;
    const killedAt = performance.now();
    process.kill(killedPid, 'SIGKILL');
    const newRun = await restarted;
    const restartSeconds = (performance.now() - killedAt) / 1000;
    expect(newRun).toBe(2);
    expect(capture.state).toBe('recording');
    expect(capture.ffmpegPid).not.toBe(killedPid);
    expect(exits).toEqual([expect.objectContaining({ run: 1, pid: killedPid, signal: 'SIGKILL' })]);

    await waitFor('a complete segment of the new run', async () =>
      (await capture.segments()).some((segment) => segment.run === 2 && segment.isComplete),
    );
    const wallSeconds = (performance.now() - startedAt) / 1000;
    expect(await capture.stop()).toMatchObject({ run: 2, code: 0 });

    const segments = await capture.segments();
    expect(new Set(segments.map((segment) => segment.run))).toEqual(new Set([1, 2]));
    const probes = await Promise.all(segments.map(probe));
    for (const result of probes) {
      expect(result.codecs.video).toBe('vp8');
      expect(result.firstVideoFrameIsKey).toBe(true);
    }
    // Only the segment being written when ffmpeg was killed is unfinished.
    expect(segments.filter((segment) => !segment.isComplete)).toEqual([
      expect.objectContaining({ run: 1, index: Math.max(...segments.filter((s) => s.run === 1).map((s) => s.index)) }),
    ]);
    const totalSeconds = sum(probes.map((result) => result.durationSeconds));
    report('kill -9', wallSeconds, segments, probes, restartSeconds);
    // The gap: the restart itself, and at most about a cluster of the killed segment that was still in memory.
    const allowedGapSeconds = restartSeconds + 1.5;
    expect(totalSeconds).toBeGreaterThanOrEqual(wallSeconds - allowedGapSeconds);
    expect(totalSeconds).toBeLessThanOrEqual(wallSeconds * 1.1);
  });

  it('stops gracefully: ffmpeg exits 0 on q and the last segment is finalised', async () => {
    const capture = createCapture();
    const exits: FfmpegExit[] = [];
    capture.onFfmpegExited((exit) => exits.push(exit));
    await capture.start();
    await waitFor('a first complete segment', async () => (await capture.segments()).some((segment) => segment.isComplete));

    const exit = await capture.stop();
    expect(exit).toMatchObject({ run: 1, code: 0, signal: null });
    expect(exits).toEqual([]);
    expect(capture.state).toBe('stopped');

    const segments = await capture.segments();
    const last = segments.at(-1)!;
    expect(last.isComplete).toBe(true);
    const lastProbe = await probe(last);
    expect(lastProbe.hasFormatDuration).toBe(true);
    expect(lastProbe.codecs).toEqual({ video: 'vp8', audio: 'opus' });
  });
});

interface Probe {
  codecs: { video?: string; audio?: string };
  durationSeconds: number;
  /** Matroska's duration element is only filled in when ffmpeg closes the file. */
  hasFormatDuration: boolean;
  firstVideoFrameIsKey: boolean;
}

async function probe(segment: SegmentFile): Promise<Probe> {
  const info = JSON.parse(
    (
      await run('ffprobe', [
        '-v', 'error',
        '-show_entries', 'stream=codec_type,codec_name:format=duration',
        '-of', 'json',
        segment.path,
      ])
    ).stdout,
  ) as { streams: { codec_type: string; codec_name: string }[]; format: { duration?: string } };
  const codecs: Probe['codecs'] = {};
  for (const stream of info.streams) {
    if (stream.codec_type === 'video' || stream.codec_type === 'audio') codecs[stream.codec_type] = stream.codec_name;
  }
  if (!codecs.video) return { codecs, ...(await durations(segment, info.format.duration)), firstVideoFrameIsKey: false };
  const firstFrame = JSON.parse(
    (
      await run('ffprobe', [
        '-v', 'error',
        '-select_streams', 'v',
        '-show_frames', '-read_intervals', '%+#1',
        '-show_entries', 'frame=key_frame,pict_type',
        '-of', 'json',
        segment.path,
      ])
    ).stdout,
  ) as { frames: { key_frame: number; pict_type: string }[] };
  return { codecs, ...(await durations(segment, info.format.duration)), firstVideoFrameIsKey: firstFrame.frames[0]?.key_frame === 1 };
}

async function durations(
  segment: SegmentFile,
  formatDuration: string | undefined,
): Promise<Pick<Probe, 'durationSeconds' | 'hasFormatDuration'>> {
  const seconds = Number(formatDuration);
  return {
    hasFormatDuration: Number.isFinite(seconds),
    // An unfinished Matroska file's duration element is whatever was reserved: count its packets instead.
    durationSeconds: segment.isComplete ? seconds : await lastPacketEndSeconds(segment.path),
  };
}

/** The duration of a file ffmpeg never closed: where its last packet ends. */
async function lastPacketEndSeconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file]);
  return Math.max(
    0,
    ...stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(',').map(Number))
      .map(([pts = 0, duration = 0]) => pts + (Number.isFinite(duration) ? duration : 0)),
  );
}

function report(name: string, wallSeconds: number, segments: SegmentFile[], probes: Probe[], restartSeconds?: number): void {
  const files = segments.map((segment, i) => `${path.basename(segment.path)}:${probes[i]!.durationSeconds.toFixed(3)}s${segment.isComplete ? '' : '(unfinished)'}`);
  const total = sum(probes.map((result) => result.durationSeconds));
  console.info(
    `[rtpCapture] ${name}: wall ${wallSeconds.toFixed(3)} s, recorded ${total.toFixed(3)} s (${((total / wallSeconds) * 100).toFixed(1)}%)` +
      `${restartSeconds === undefined ? '' : `, restart ${restartSeconds.toFixed(3)} s`}; ${files.join(' ')}`,
  );
}

/** Keyframe requests (PLIs) mediasoup sent to the camera so far. */
async function videoPliCount(producers: types.Producer[]): Promise<number> {
  const video = producers.find((producer) => producer.kind === 'video')!;
  return sum((await video.getStats()).map((stat) => stat.pliCount));
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
