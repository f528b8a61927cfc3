import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../shared/ids.js';
import type { RecordedEntry } from '../../../shared/timeline.js';
import { openDatabase, type Database } from '../../db/database.js';
import { createPackagingRepository, type PackagingRepository } from '../../db/packagingRepository.js';
import { createRecordingRepository, type RecordingRepository, type SegmentRecord } from '../../db/recordingRepository.js';
import { createLogger } from '../../logger.js';
import { createTestDatabase, type TestDatabase } from '../../test/postgres.js';
import { captureDirName, PACKAGE_FILES, recordingDir } from '../recordingFiles.js';
import { PackagingQueue, type PackagingFinished, type PackagingQueueOptions } from './packagingQueue.js';

const run = promisify(execFile);
const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/**
 * How long a wait on ffmpeg may take before the test gives up: a ceiling,
 * not a budget (packaging the 16 s session takes about 3 s on an idle
 * 2-core machine); below vitest's testTimeout (vitest.config.ts).
 */
const ENCODE_CEILING_MS = 240_000;

const AMA = 'peer-ama' as PeerId;
const BEN = 'peer-ben' as PeerId;

interface Probe {
  format: { duration: string; format_name: string };
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; channels?: number }[];
}

async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,format_name:stream=codec_type,codec_name,width,height,channels', '-of', 'json', file]);
  return JSON.parse(stdout) as Probe;
}

/**
 * Writes one capture run the way the capture does (VP8 + Opus WebM cut in
 * ~2 s segments, each starting on a key frame at timestamp 0) from a solid
 * colour and a tone, and returns its rows, placed from `startMs`.
 */
async function recordRun(
  dir: string,
  where: { capture: number; run: number; startMs: number; seconds: number },
  who: { peerId: PeerId; displayName: string; sources: string[] },
  media: { color?: string; size?: string; fps?: number; toneHz?: number },
): Promise<SegmentRecord[]> {
  const captureDir = path.join(dir, captureDirName(where.capture));
  await mkdir(captureDir, { recursive: true });
  const label = String(where.run).padStart(4, '0');
  const list = path.join(captureDir, `run-${label}.csv`);
  const fps = media.fps ?? 10;
  const inputs: string[] = [];
  const codecs: string[] = [];
  if (media.color) {
    inputs.push('-f', 'lavfi', '-i', `color=c=${media.color}:s=${media.size ?? '320x180'}:r=${fps}:d=${where.seconds}`);
    codecs.push('-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16', '-g', String(fps * 2), '-b:v', '100k');
  }
  if (media.toneHz) {
    inputs.push('-f', 'lavfi', '-i', `sine=f=${media.toneHz}:r=48000:d=${where.seconds}`);
    codecs.push('-c:a', 'libopus', '-b:a', '32k');
  }
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', ...inputs, ...codecs,
    '-f', 'segment', '-segment_time', '2', '-reset_timestamps', '1', '-segment_format', 'webm',
    '-segment_list', list, '-segment_list_type', 'csv', path.join(captureDir, `run-${label}-%05d.webm`),
  ]);
  const rows = (await readFile(list, 'utf8')).trim().split('\n').map((line) => line.split(','));
  return Promise.all(
    rows.map(async ([name, start, end]) => ({
      ...who,
      fileName: `${captureDirName(where.capture)}/${name}`,
      startMs: where.startMs + Math.round(Number(start) * 1000),
      endMs: where.startMs + Math.round(Number(end) * 1000),
      bytes: (await stat(path.join(captureDir, name!))).size,
    })),
  );
}

/** The colour of some pixels of the video's frame at `seconds` (1280x720). */
async function colorsAt(file: string, seconds: number, points: [number, number][]): Promise<string[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-ss', String(seconds), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 16 * 1024 * 1024,
  });
  return points.map(([x, y]) => {
    const offset = (y * 1280 + x) * 3;
    const [r, g, b] = [stdout[offset]!, stdout[offset + 1]!, stdout[offset + 2]!];
    if (r > 150 && g < 90 && b < 90) return 'red';
    if (b > 150 && r < 90 && g < 90) return 'blue';
    if (g > 100 && r < 90 && b < 90) return 'green';
    if (r < 60 && g < 60 && b < 60) return 'background';
    return `rgb(${r},${g},${b})`;
  });
}

const CENTRE: [number, number] = [640, 200];
// The picture-in-picture: 320x180, 16 px from the bottom-right corner.
const CORNER: [number, number] = [1280 - 16 - 160, 720 - 16 - 90];

/**
 * A 16 s session: Ama (red camera, 440 Hz) speaks, Ben (blue, 660 Hz)
 * joins at 4 s and speaks at 5 s, Ama shares her screen (green, 880 Hz)
 * from 6 to 12 s and speaks again at 9 s, Ben at 13 s. Ama's ffmpeg died
 * at 8 s and was back at 10 s: her capture has two runs and a gap.
 */
const SESSION_TIMELINE: RecordedEntry[] = [
  { at: 0, kind: 'chapter', title: 'Welcome' },
  { at: 0, kind: 'stage-joined', peerId: AMA, displayName: 'Ama' },
  { at: 0, kind: 'active-speaker', peerId: AMA },
  { at: 4_000, kind: 'stage-joined', peerId: BEN, displayName: 'Ben' },
  { at: 5_000, kind: 'active-speaker', peerId: BEN },
  { at: 6_000, kind: 'screen-started', peerId: AMA },
  { at: 7_000, kind: 'chat', messageId: 'm1' },
  { at: 9_000, kind: 'active-speaker', peerId: AMA },
  { at: 12_000, kind: 'screen-stopped', peerId: AMA },
  { at: 13_000, kind: 'active-speaker', peerId: BEN },
];

/** Writes the session's captures (see {@link SESSION_TIMELINE}) into `dir`, returning their rows. */
async function recordSession(dir: string): Promise<SegmentRecord[]> {
  const ama = { peerId: AMA, displayName: 'Ama', sources: ['microphone', 'camera'] };
  const ben = { peerId: BEN, displayName: 'Ben', sources: ['microphone', 'camera'] };
  const amaScreen = { peerId: AMA, displayName: 'Ama', sources: ['screen', 'screen-audio'] };
  const runs = await Promise.all([
    recordRun(dir, { capture: 1, run: 1, startMs: 0, seconds: 8 }, ama, { color: 'red', toneHz: 440 }),
    recordRun(dir, { capture: 1, run: 2, startMs: 10_000, seconds: 6 }, ama, { color: 'red', toneHz: 440 }),
    recordRun(dir, { capture: 2, run: 1, startMs: 4_000, seconds: 12 }, ben, { color: 'blue', toneHz: 660 }),
    recordRun(dir, { capture: 3, run: 1, startMs: 6_000, seconds: 6 }, amaScreen, { color: 'lime', size: '640x360', toneHz: 880 }),
  ]);
  return runs.flat();
}

/**
 * Packaging with real ffmpeg and a real database: segments made like the
 * capture's, rows like the recorder's; the background job composes,
 * encodes and records its progress, retries, gives up, and shares its work
 * with another process without packaging anything twice.
 */
describe('packaging recordings', () => {
  let tmp: string;
  let recordingsDir: string;
  let testDatabase: TestDatabase;
  let db: Database;
  /** A second connection: another server process. */
  let otherDb: Database;
  let recordings: RecordingRepository;
  let jobs: PackagingRepository;
  let otherJobs: PackagingRepository;
  const roomId = 'packaging-room';
  /** The rows of the session's segments, made once (see {@link recordSession}) and copied into each recording that needs them. */
  let sessionSegments: SegmentRecord[];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-packaging-'));
    recordingsDir = path.join(tmp, 'recordings');
    testDatabase = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDatabase.url, dataDir: tmp, logger });
    otherDb = await openDatabase({ databaseUrl: testDatabase.url, dataDir: tmp, logger });
    recordings = createRecordingRepository(db.prisma);
    jobs = createPackagingRepository(db.prisma);
    otherJobs = createPackagingRepository(otherDb.prisma);
    await db.prisma.room.create({ data: { id: roomId, title: 'Packaging' } });
    sessionSegments = await recordSession(path.join(tmp, 'session'));
  });

  afterAll(async () => {
    await otherDb?.close();
    await db?.close();
    await testDatabase?.drop();
    if (tmp && !process.env.TEST_KEEP_FILES) await rm(tmp, { recursive: true, force: true });
  });

  /** A recording row, its segments and its timeline, as the recorder leaves them. */
  async function insertRecording(opts: { state: string; durationMs: number; segments?: SegmentRecord[]; timeline?: RecordedEntry[]; id?: string }) {
    const id = opts.id ?? randomUUID();
    const startedAt = new Date(Date.now() - 600_000);
    await db.prisma.recording.create({
      data: { id, roomId, state: opts.state, requestedAt: startedAt, startedAt, endedAt: new Date(startedAt.getTime() + opts.durationMs) },
    });
    await recordings.saveSegments(id, opts.segments ?? []);
    await recordings.appendTimeline(id, 0, opts.timeline ?? []);
    return id;
  }

  const row = (id: string) => db.prisma.recording.findUniqueOrThrow({ where: { id } });

  const createQueue = (options: Partial<PackagingQueueOptions> = {}) => {
    const queue = new PackagingQueue({
      jobs,
      recordings,
      recordingsDir,
      ffmpegPath: 'ffmpeg',
      // Normal priority, as the servers tests start (server/test/testEnvironment.ts: TEST_SERVER_SETTINGS).
      niceness: 0,
      logger,
      pollEveryMs: 100,
      retryDelaysMs: [50],
      ...options,
    });
    const finished: PackagingFinished[] = [];
    queue.onFinished((event) => finished.push(event));
    return { queue, finished };
  };

  /** A complete recording of the session (see {@link recordSession}). */
  async function insertSession() {
    const id = randomUUID();
    const dir = recordingDir(recordingsDir, id);
    await cp(path.join(tmp, 'session'), dir, { recursive: true });
    await insertRecording({ id, state: 'complete', durationMs: 16_000, segments: sessionSegments, timeline: SESSION_TIMELINE });
    return { id, dir, segments: sessionSegments };
  }

  /** A microphone-only recording of 4 s: quick to package. */
  async function insertVoiceRecording() {
    const id = randomUUID();
    const dir = recordingDir(recordingsDir, id);
    const segments = await recordRun(dir, { capture: 1, run: 1, startMs: 0, seconds: 4 }, { peerId: AMA, displayName: 'Ama', sources: ['microphone'] }, { toneHz: 440 });
    await insertRecording({ id, state: 'complete', durationMs: 4_000, segments, timeline: [{ at: 0, kind: 'stage-joined', peerId: AMA, displayName: 'Ama' }] });
    return { id, dir, segments };
  }

  it('packages a session with two speakers, a screen share and a gap into video, audio and thumbnail, once', async () => {
    const { id, dir, segments } = await insertSession();
    const originals = await Promise.all(segments.map((segment) => stat(path.join(dir, segment.fileName))));
    // What an attempt whose process died left behind.
    await mkdir(path.join(dir, 'package', '.work-dead'), { recursive: true });
    await writeFile(path.join(dir, 'package', 'video.webm.dead.part'), 'half a video');

    const first = createQueue();
    const second = createQueue({ jobs: otherJobs });
    const progress: number[] = [];
    try {
      await first.queue.poke();
      expect(first.queue.current).toBe(id);
      // Another process looking now finds nothing to take.
      await second.queue.poke();
      expect(second.queue.current).toBeUndefined();

      await vi.waitFor(
        async () => {
          const { packageState, packageProgress } = await row(id);
          if (packageState === 'running' && packageProgress !== progress.at(-1)) progress.push(packageProgress);
          expect(packageState).toBe('done');
        },
        { timeout: ENCODE_CEILING_MS, interval: 100 },
      );
    } finally {
      await Promise.all([first.queue.close(), second.queue.close()]);
    }

    expect(first.finished).toEqual([{ recordingId: id, outcome: 'done' }]);
    expect(second.finished).toEqual([]);
    const done = await row(id);
    expect(done).toMatchObject({
      packageState: 'done',
      packageProgress: 1,
      packageAttempts: 0,
      packageError: null,
      videoFile: PACKAGE_FILES.video,
      audioFile: PACKAGE_FILES.audio,
      thumbnailFile: PACKAGE_FILES.thumbnail,
    });
    // The last segment ends where ffmpeg closed it, a few ms after the recording's end.
    expect(Math.abs(done.durationMs! - 16_000)).toBeLessThan(100);
    // Progress was written while it ran, only ever forward, and ended at 1.
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const video = await ffprobe(path.join(dir, PACKAGE_FILES.video));
    expect(video.format.format_name).toContain('webm');
    expect(video.streams.map((s) => [s.codec_type, s.codec_name])).toEqual([
      ['video', 'vp9'],
      ['audio', 'opus'],
    ]);
    expect(video.streams[0]).toMatchObject({ width: 1280, height: 720 });
    expect(Math.abs(Number(video.format.duration) - 16) / 16).toBeLessThan(0.1);

    const audio = await ffprobe(path.join(dir, PACKAGE_FILES.audio));
    expect(audio.streams.map((s) => [s.codec_type, s.codec_name, s.channels])).toEqual([['audio', 'opus', 1]]);
    expect(Math.abs(Number(audio.format.duration) - 16) / 16).toBeLessThan(0.1);

    const thumbnail = await readFile(path.join(dir, PACKAGE_FILES.thumbnail));
    expect([...thumbnail.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect((await ffprobe(path.join(dir, PACKAGE_FILES.thumbnail))).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 640, height: 360 });

    // The main picture follows the speaker; a screen share takes it, with the speaker in the corner.
    const file = path.join(dir, PACKAGE_FILES.video);
    expect(await colorsAt(file, 2, [CENTRE])).toEqual(['red']);
    expect(await colorsAt(file, 5.5, [CENTRE])).toEqual(['blue']);
    expect(await colorsAt(file, 7.5, [CENTRE, CORNER])).toEqual(['green', 'blue']);
    // Ama speaks but her camera is in its gap (8–10 s): the share alone.
    expect(await colorsAt(file, 9.5, [CENTRE, CORNER])).toEqual(['green', 'green']);
    expect(await colorsAt(file, 11, [CENTRE, CORNER])).toEqual(['green', 'red']);
    expect(await colorsAt(file, 12.5, [CENTRE])).toEqual(['red']);
    expect(await colorsAt(file, 14.5, [CENTRE])).toEqual(['blue']);

    // The originals are kept as they were; no scratch file is left, not even the dead attempt's.
    const after = await Promise.all(segments.map((segment) => stat(path.join(dir, segment.fileName))));
    expect(after.map((s) => [s.size, s.mtimeMs])).toEqual(originals.map((s) => [s.size, s.mtimeMs]));
    expect((await readdir(path.join(dir, 'package'))).sort()).toEqual(['audio.webm', 'thumbnail.jpg', 'video.webm']);
  });

  it('stops ffmpeg gracefully on close and gives the job back, untouched, for the next process', async () => {
    const { id, dir } = await insertSession();
    const { queue, finished } = createQueue();
    try {
      await queue.poke();
      expect(queue.current).toBe(id);
      // Encoding is under way once progress reaches the database.
      await vi.waitFor(async () => expect((await row(id)).packageProgress).toBeGreaterThan(0), { timeout: ENCODE_CEILING_MS, interval: 50 });
    } finally {
      await queue.close();
    }
    expect(finished).toEqual([{ recordingId: id, outcome: 'released' }]);
    expect(await row(id)).toMatchObject({ packageState: 'waiting', packageAttempts: 0, packageError: null, packageHeartbeatAt: null, videoFile: null });
    // No ffmpeg of this recording runs any more, and nothing half-written is left.
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(id);
    expect((await readdir(path.join(dir, 'package'))).filter((name) => name.endsWith('.part') || name.startsWith('.'))).toEqual([]);
    // The next process takes it at once (and here puts it aside, so later queues leave it alone).
    const now = Date.now();
    const job = await otherJobs.claimNext(now, now - 30_000);
    expect(job?.recordingId).toBe(id);
    expect(await otherJobs.skip(job!.lease)).toBe(true);
  });

  it('stops, writing nothing more, when another process took its job over (it looked dead)', async () => {
    const { id, dir } = await insertSession();
    const { queue, finished } = createQueue();
    try {
      await queue.poke();
      await vi.waitFor(async () => expect((await row(id)).packageProgress).toBeGreaterThan(0), { timeout: ENCODE_CEILING_MS, interval: 50 });
      // Seen from another process whose clock says this heartbeat is stale.
      const later = Date.now() + 60_000;
      const job = await otherJobs.claimNext(later, later - 30_000);
      expect(job?.recordingId).toBe(id);
      await vi.waitFor(() => expect(finished).toEqual([{ recordingId: id, outcome: 'lost' }]), { timeout: ENCODE_CEILING_MS, interval: 50 });
      expect(queue.current).toBeUndefined();
      // The row is the new owner's: still running, at the progress it set, no result written by the first.
      expect(await row(id)).toMatchObject({ packageState: 'running', packageProgress: 0, videoFile: null, packageHeartbeatAt: new Date(later) });
      expect(await otherJobs.skip(job!.lease)).toBe(true);
    } finally {
      await queue.close();
    }
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).not.toContain(id);
    await expect(stat(path.join(dir, PACKAGE_FILES.video))).rejects.toThrow();
  });

  it('retries a failing job, gives up after 3 attempts with the originals untouched, and packages it when an organiser retries', async () => {
    const { id, dir, segments } = await insertVoiceRecording();
    const missing = path.join(dir, segments[1]!.fileName);
    const kept = path.join(dir, segments[0]!.fileName);
    const keptBefore = await stat(kept);
    await rename(missing, `${missing}.away`);

    const { queue, finished } = createQueue();
    try {
      queue.start();
      await vi.waitFor(() => expect(finished.at(-1)?.outcome).toBe('failed'), { timeout: ENCODE_CEILING_MS, interval: 50 });
      expect(finished.map((event) => event.outcome)).toEqual(['retrying', 'retrying', 'failed']);
      const failed = await row(id);
      expect(failed).toMatchObject({ packageState: 'failed', packageAttempts: 3, packageRetryAt: null, videoFile: null });
      expect(failed.packageError).toMatch(/^1 of \d+ segment files are missing$/);
      expect(failed.packageError).not.toContain('/');
      const keptAfter = await stat(kept);
      expect([keptAfter.size, keptAfter.mtimeMs]).toEqual([keptBefore.size, keptBefore.mtimeMs]);
      await expect(stat(path.join(dir, PACKAGE_FILES.video))).rejects.toThrow();

      // The file is back; an organiser asks again.
      await rename(`${missing}.away`, missing);
      expect(await jobs.retry(id)).toBe(true);
      expect(await jobs.status(id)).toMatchObject({ state: 'waiting', attempts: 0, error: null });
      await queue.poke();
      await vi.waitFor(() => expect(finished.at(-1)).toEqual({ recordingId: id, outcome: 'done' }), { timeout: ENCODE_CEILING_MS, interval: 50 });
    } finally {
      await queue.close();
    }
    // Nobody had video: a plain background, with the voice.
    const video = path.join(dir, PACKAGE_FILES.video);
    expect((await ffprobe(video)).streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(await colorsAt(video, 2, [CENTRE])).toEqual(['background']);
    expect(await row(id)).toMatchObject({ packageState: 'done', packageAttempts: 0 });
  });

  it('gives up when ffmpeg cannot be started, with a reason that names no path', async () => {
    const { id } = await insertVoiceRecording();
    const { queue, finished } = createQueue({ ffmpegPath: path.join(tmp, 'no-such-ffmpeg') });
    try {
      queue.start();
      await vi.waitFor(() => expect(finished.at(-1)?.outcome).toBe('failed'), { timeout: ENCODE_CEILING_MS, interval: 50 });
    } finally {
      await queue.close();
    }
    expect(await jobs.status(id)).toEqual({ state: 'failed', progress: 0, attempts: 3, error: 'ffmpeg could not be started', retryAt: null });
  });

  it('lets one process claim a job, takes over a dead one\u2019s, and never takes unfinished recordings', async () => {
    const waiting = await insertRecording({ state: 'partial', durationMs: 1_000, segments: [] });
    const unfinished = await insertRecording({ state: 'recording', durationMs: 1_000 });
    const failedCapture = await insertRecording({ state: 'failed', durationMs: 0 });
    const now = Date.now();
    const stale = 30_000;

    // Two processes at once: one wins.
    const claims = await Promise.all([jobs.claimNext(now, now - stale), otherJobs.claimNext(now, now - stale)]);
    expect(claims.filter(Boolean).map((job) => job!.recordingId)).toEqual([waiting]);
    const lease = claims.find(Boolean)!.lease;
    // While its heartbeat is fresh, nobody else takes it.
    expect(await otherJobs.claimNext(now + 1_000, now + 1_000 - stale)).toBeNull();
    const renewed = await jobs.renew(lease, 0.5, now + 2_000);
    expect(renewed).not.toBeNull();

    // Its process died: once the heartbeat is stale, another takes it over, and the first can write no more.
    const later = now + 2_000 + stale + 1;
    const takenOver = await otherJobs.claimNext(later, later - stale);
    expect(takenOver?.recordingId).toBe(waiting);
    expect(await jobs.renew(renewed!, 0.6, later + 1)).toBeNull();
    expect(await jobs.succeed(renewed!, { durationMs: 1, videoFile: 'v', audioFile: 'a', thumbnailFile: 't' })).toBe(false);
    expect(await otherJobs.skip(takenOver!.lease)).toBe(true);

    // A recording still being written is never taken; one whose capture failed is skipped.
    expect(await jobs.claimNext(later, later - stale)).toBeNull();
    expect(await jobs.skipFailedRecordings()).toBe(1);
    expect(await jobs.status(failedCapture)).toMatchObject({ state: 'skipped' });
    expect(await jobs.status(unfinished)).toMatchObject({ state: 'waiting' });
    expect(await jobs.status(waiting)).toMatchObject({ state: 'skipped' });
    // Only a failed packaging can be retried.
    expect(await jobs.retry(waiting)).toBe(false);
  });
});
