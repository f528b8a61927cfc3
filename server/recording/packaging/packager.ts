import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RecordedEntry } from '../../../shared/timeline.js';
import type { SegmentRecord } from '../../db/recordingRepository.js';
import type { Logger } from '../../logger.js';
import { PACKAGE_FILES } from '../recordingFiles.js';
import {
  audioArgs,
  audioGraph,
  compositionGraph,
  concatList,
  DEFAULT_VIDEO_FORMAT,
  parseProgress,
  planPackage,
  thumbnailArgs,
  videoArgs,
  type PackagePaths,
  type PackagePlan,
  type VideoFormat,
} from './packagePlan.js';

/** What one packaging needs: the recording's directory and rows. */
export interface PackageRequest {
  /** `<recordingsDir>/<recordingId>`: the originals are below it, the package is written there. */
  recordingDir: string;
  segments: readonly SegmentRecord[];
  timeline: readonly RecordedEntry[];
  /** endedAt − startedAt, when both are known. */
  recordingDurationMs: number | null;
  /** Called with 0..1, increasing, as the work advances. */
  onProgress?(fraction: number): void;
  /** Aborting stops ffmpeg gracefully; the packaging then rejects with {@link PackagingStopped}. */
  signal?: AbortSignal;
  /**
   * Asked just before each file is put in place: false when this process
   * no longer holds the job (another took it over), and nothing is written.
   */
  mayPublish?(): Promise<boolean>;
}

export interface PackagerOptions {
  ffmpegPath: string;
  /** ffmpeg's CPU priority (nice, 0–19). Default {@link LOWEST_PRIORITY}. */
  niceness?: number | undefined;
  logger: Logger;
  /** How long ffmpeg gets to finish after 'q' before SIGTERM. Default 5000. */
  stopTimeoutMs?: number;
  /** Default {@link DEFAULT_VIDEO_FORMAT}. */
  videoFormat?: VideoFormat;
}

/** What was written, as file names relative to the recording's directory. */
export interface PackageResult {
  durationMs: number;
  videoFile: string;
  audioFile: string;
  thumbnailFile: string;
}

/**
 * Packaging failed. The message is short and safe to show organisers (no
 * path, no ffmpeg output); the details went to the log.
 */
export class PackagingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PackagingError';
  }
}

/** Packaging was asked to stop (shutdown) before it finished: not a failure. */
export class PackagingStopped extends Error {
  constructor() {
    super('packaging stopped');
    this.name = 'PackagingStopped';
  }
}

const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/** The lowest priority: live sessions on the same machine keep the CPU. */
const LOWEST_PRIORITY = 19;
const STDERR_TAIL_LINES = 20;
/** Share of the whole work each pass takes, for one progress figure (the video's encoding dominates). */
const WEIGHTS = { audio: 0.08, video: 0.9, thumbnail: 0.02 };
/** Where the package is written, in the recording's directory (see {@link PACKAGE_FILES}). */
const PACKAGE_DIR = 'package';
/** An attempt's scratch directory and half-written files (see {@link packageRecording}). */
const SCRATCH = /^\.work-|\.part$/;

/**
 * Makes the package of one recording from its original segments, which are
 * only read: the single-file video (speaker layout with screen share, see
 * packagePlan.ts), the low-bandwidth audio and the thumbnail, at the names
 * of {@link PACKAGE_FILES}. Three ffmpeg passes, each at the lowest CPU
 * priority: the audio mix (and the audio-only file), the video (the mix
 * copied in), then a frame of the video. Each file is written under a
 * temporary name and renamed when complete, so a half-written file is never
 * served; a retry simply starts over. An attempt's scratch files carry
 * its own token: should a process that looked dead come back while another
 * packages the same recording, neither removes the other's files.
 *
 * @throws {PackagingError} when a file is missing or ffmpeg fails.
 * @throws {PackagingStopped} when `signal` aborted it.
 * @example
 * const result = await packageRecording(
 *   { recordingDir, segments, timeline, recordingDurationMs, onProgress: (p) => log(p) },
 *   { ffmpegPath: 'ffmpeg', logger },
 * );
 */
export async function packageRecording(request: PackageRequest, options: PackagerOptions): Promise<PackageResult> {
  const { recordingDir } = request;
  const format = options.videoFormat ?? DEFAULT_VIDEO_FORMAT;
  const plan = planPackage(request);
  if (plan.runs.length === 0) throw new PackagingError('nothing was recorded');
  await checkOriginals(recordingDir, plan);

  const token = randomBytes(4).toString('hex');
  const packageDir = path.join(recordingDir, PACKAGE_DIR);
  const workDir = path.join(packageDir, `.work-${token}`);
  const final = (name: string) => path.join(recordingDir, name);
  const partial = (name: string) => `${final(name)}.${token}.part`;
  const paths: PackagePaths = {
    lists: new Map(plan.runs.map((run, index) => [run.id, path.join(workDir, `run-${index}.ffconcat`)])),
    audioGraph: path.join(workDir, 'audio.filtergraph'),
    videoGraph: path.join(workDir, 'video.filtergraph'),
    mix: path.join(workDir, 'mix.webm'),
    audio: partial(PACKAGE_FILES.audio),
    video: partial(PACKAGE_FILES.video),
    thumbnail: partial(PACKAGE_FILES.thumbnail),
  };

  const logger = options.logger.child({ component: 'packager', recordingDir: path.basename(recordingDir) });
  let reported = 0;
  // Only forward: the passes overlap at their edges (an ffmpeg's last report, the next one's first).
  const progress = (fraction: number) => {
    if (fraction <= reported) return;
    reported = fraction;
    request.onProgress?.(fraction);
  };
  const ffmpeg = (pass: keyof typeof WEIGHTS, args: string[], before: number) =>
    runFfmpeg(args, {
      ffmpegPath: options.ffmpegPath,
      niceness: options.niceness ?? LOWEST_PRIORITY,
      logger,
      pass,
      durationMs: plan.durationMs,
      stopTimeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      signal: request.signal,
      onProgress: (fraction) => progress(before + WEIGHTS[pass] * fraction),
    });

  try {
    await mkdir(workDir, { recursive: true });
    for (const run of plan.runs) {
      await writeFile(paths.lists.get(run.id)!, concatList(run, (fileName) => path.resolve(recordingDir, fileName)));
    }
    await writeFile(paths.audioGraph, audioGraph(plan));
    await writeFile(paths.videoGraph, compositionGraph(plan, format));
    const started = Date.now();

    // A pass can finish between two heartbeats: whether the job is still ours is asked again right before each file goes in place.
    const publish = async (from: string, to: string) => {
      if (request.mayPublish && !(await request.mayPublish())) throw new PackagingStopped();
      await rename(from, to);
    };
    await ffmpeg('audio', audioArgs(plan, paths), 0);
    await publish(paths.audio, final(PACKAGE_FILES.audio));
    await ffmpeg('video', videoArgs(plan, paths, format), WEIGHTS.audio);
    await publish(paths.video, final(PACKAGE_FILES.video));
    await ffmpeg('thumbnail', thumbnailArgs(plan, { ...paths, video: final(PACKAGE_FILES.video) }), WEIGHTS.audio + WEIGHTS.video);
    await publish(paths.thumbnail, final(PACKAGE_FILES.thumbnail));

    progress(1);
    await removeScratch(packageDir);
    logger.info({ durationMs: plan.durationMs, tookMs: Date.now() - started, videos: plan.videoInputs.length, audios: plan.audioInputs.length }, 'recording packaged');
    return {
      durationMs: plan.durationMs,
      videoFile: PACKAGE_FILES.video,
      audioFile: PACKAGE_FILES.audio,
      thumbnailFile: PACKAGE_FILES.thumbnail,
    };
  } finally {
    await Promise.all(
      [workDir, paths.audio, paths.video, paths.thumbnail].map((file) => rm(file, { recursive: true, force: true }).catch(() => undefined)),
    );
  }
}

/**
 * Every original must be there, inside the recording's directory, before
 * ffmpeg starts: ffmpeg would otherwise fail halfway with a message full of
 * paths, or (a row naming a file elsewhere) read something it must not.
 */
async function checkOriginals(recordingDir: string, plan: PackagePlan): Promise<void> {
  const fileNames = plan.runs.flatMap((run) => run.segments.map((segment) => segment.fileName));
  if (fileNames.some((fileName) => !isInside(recordingDir, fileName))) {
    throw new PackagingError('a segment is named outside the recording');
  }
  const missing = (
    await Promise.all(fileNames.map((fileName) => stat(path.join(recordingDir, fileName)).then((s) => !s.isFile(), () => true)))
  ).filter(Boolean).length;
  if (missing > 0) throw new PackagingError(`${missing} of ${fileNames.length} segment files are missing`);
}

/**
 * What earlier attempts left when their process died. Only once the
 * package is complete: until then it might belong to an attempt still
 * running (a process that looked dead), which stops at its next heartbeat.
 */
async function removeScratch(packageDir: string): Promise<void> {
  const names = await readdir(packageDir).catch(() => []);
  await Promise.all(
    names.filter((name) => SCRATCH.test(name)).map((name) => rm(path.join(packageDir, name), { recursive: true, force: true }).catch(() => undefined)),
  );
}

function isInside(directory: string, fileName: string): boolean {
  const root = path.resolve(directory);
  return !path.isAbsolute(fileName) && path.resolve(root, fileName).startsWith(root + path.sep);
}

interface FfmpegRun {
  ffmpegPath: string;
  niceness: number;
  logger: Logger;
  /** Which pass, for logs and errors. */
  pass: string;
  durationMs: number;
  stopTimeoutMs: number;
  signal: AbortSignal | undefined;
  onProgress(fraction: number): void;
}

/**
 * Runs one ffmpeg to the end at its priority (the lowest by default),
 * reporting its progress.
 * Aborting sends 'q' (ffmpeg closes its outputs and exits), then SIGTERM if
 * it has not exited after `stopTimeoutMs`; never SIGKILL.
 */
function runFfmpeg(args: string[], run: FfmpegRun): Promise<void> {
  if (run.signal?.aborted) return Promise.reject(new PackagingStopped());
  return new Promise((resolve, reject) => {
    const child = spawn(run.ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    if (child.pid !== undefined) {
      try {
        // Linux nice values are per thread and threads inherit their
        // creator's: set now, before ffmpeg has opened its codecs and
        // started their threads, it covers them all.
        os.setPriority(child.pid, run.niceness);
      } catch (error) {
        run.logger.warn({ err: error, pass: run.pass }, 'could not lower ffmpeg\u2019s priority');
      }
    }

    const tail: string[] = [];
    let stderrPartial = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (stderrPartial + chunk).split('\n');
      stderrPartial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        tail.push(line);
        if (tail.length > STDERR_TAIL_LINES) tail.shift();
      }
    });
    let stdoutPartial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (stdoutPartial + chunk).split('\n');
      stdoutPartial = lines.pop() ?? '';
      const fraction = parseProgress(lines.join('\n'), run.durationMs);
      if (fraction !== null) run.onProgress(fraction);
    });
    // ffmpeg may be gone when 'q' is written.
    child.stdin.on('error', () => undefined);

    let stopTimer: NodeJS.Timeout | undefined;
    let isStopping = false;
    const stop = () => {
      isStopping = true;
      child.stdin.end('q');
      stopTimer = setTimeout(() => {
        run.logger.warn({ pass: run.pass, pid: child.pid }, 'ffmpeg ignored q; sending SIGTERM');
        child.kill('SIGTERM');
      }, run.stopTimeoutMs);
    };
    run.signal?.addEventListener('abort', stop, { once: true });
    const settle = () => {
      clearTimeout(stopTimer);
      run.signal?.removeEventListener('abort', stop);
    };

    child.once('error', (error) => {
      // Spawning failed (no such binary): there will be no 'close'.
      if (child.pid !== undefined) return;
      settle();
      run.logger.error({ err: error, pass: run.pass }, 'ffmpeg could not be started');
      reject(new PackagingError('ffmpeg could not be started', { cause: error }));
    });
    child.once('close', (code, signal) => {
      settle();
      if (stderrPartial) tail.push(stderrPartial);
      if (isStopping) return reject(new PackagingStopped());
      if (code === 0) return resolve();
      run.logger.error({ pass: run.pass, code, signal, stderr: tail }, 'ffmpeg failed');
      reject(new PackagingError(`ffmpeg failed making the ${run.pass} (${code === null ? signal : `exit code ${code}`})`));
    });
  });
}
