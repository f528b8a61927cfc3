import { execFile } from 'node:child_process';
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SegmentRecord } from '../db/recordingRepository.js';
import { CAPTURE_INFO_FILE, captureDirName, type CaptureInfo } from './recordingFiles.js';
import { listSegmentFiles } from './segmentFiles.js';

const run = promisify(execFile);

export async function writeCaptureInfo(directory: string, info: CaptureInfo): Promise<void> {
  // Written whole and renamed: a crash never leaves half a file to misread.
  const file = path.join(directory, CAPTURE_INFO_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(info));
  await rename(`${file}.tmp`, file);
}

export async function readCaptureInfo(directory: string): Promise<CaptureInfo | null> {
  try {
    return JSON.parse(await readFile(path.join(directory, CAPTURE_INFO_FILE), 'utf8')) as CaptureInfo;
  } catch {
    return null;
  }
}

/** The capture directories of a recording, as their names relative to it (`tracks/001`, …). */
export async function captureDirsOf(recordingDirectory: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(recordingDirectory, 'tracks'), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && /^\d{3}$/.test(entry.name))
      .map((entry) => captureDirName(Number(entry.name)))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** ffprobe, from the same place as the configured ffmpeg (a bare `ffmpeg` gives the `ffprobe` on the PATH). */
export function ffprobeBeside(ffmpegPath: string): string {
  return ffmpegPath.replace(/ffmpeg(\.exe)?$/, (_match, extension: string | undefined) => `ffprobe${extension ?? ''}`);
}

/**
 * How long a WebM file plays, in seconds, read from its packets: a file a
 * killed ffmpeg left has no duration in its header. Null when nothing in it
 * can be read.
 */
export async function playableSeconds(ffprobePath: string, file: string): Promise<number | null> {
  try {
    const { stdout } = await run(
      ffprobePath,
      ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    let end = 0;
    for (const line of stdout.split('\n')) {
      const [pts, duration] = line.split(',').map(Number);
      if (pts !== undefined && Number.isFinite(pts)) end = Math.max(end, pts + (Number.isFinite(duration) ? duration! : 0));
    }
    return end > 0 ? end : null;
  } catch {
    return null;
  }
}

export interface CaptureSegmentsOptions {
  /** The recording's directory. */
  recordingDirectory: string;
  /** The capture's directory name, relative to the recording's (`tracks/001`). */
  capture: string;
  /** The recording's wall-clock zero (ms since the epoch). */
  recordingStartedAt: number;
  /**
   * After a crash: also take the segment each run was writing when it
   * stopped (ffmpeg never listed it), timed from what it holds, and delete
   * those that hold nothing playable. Without it only closed files count.
   */
  ffprobePathForOpenSegments?: string;
}

/**
 * The rows of one capture's files. A closed segment's place is where ffmpeg
 * listed it within its run, plus when that run started; a run's first
 * segment starts with the run, so an unlisted (crash-truncated) one starts
 * where the run's last listed one ended.
 */
export async function captureSegments(options: CaptureSegmentsOptions): Promise<SegmentRecord[]> {
  const directory = path.join(options.recordingDirectory, options.capture);
  const info = await readCaptureInfo(directory);
  if (!info) return [];
  const files = await listSegmentFiles(directory);
  const records: SegmentRecord[] = [];
  const runEnds = new Map<number, number>();
  for (const file of files) {
    const runStart = info.runs[String(file.run)];
    if (runStart === undefined) continue;
    const offsetMs = runStart - options.recordingStartedAt;
    const fileName = path.posix.join(options.capture, path.basename(file.path));
    const describe = async (startSeconds: number, endSeconds: number): Promise<SegmentRecord> => ({
      peerId: info.peerId,
      displayName: info.displayName,
      sources: info.sources,
      fileName,
      startMs: Math.max(0, Math.round(offsetMs + startSeconds * 1000)),
      endMs: Math.max(0, Math.round(offsetMs + endSeconds * 1000)),
      bytes: (await stat(file.path)).size,
    });
    if (file.isComplete) {
      runEnds.set(file.run, Math.max(runEnds.get(file.run) ?? 0, file.endSeconds!));
      records.push(await describe(file.startSeconds!, file.endSeconds!));
      continue;
    }
    if (!options.ffprobePathForOpenSegments) continue;
    const seconds = await playableSeconds(options.ffprobePathForOpenSegments, file.path);
    if (seconds === null) {
      // Nothing anyone could play: not kept as if it were a recording.
      await unlink(file.path).catch(() => undefined);
      continue;
    }
    const start = runEnds.get(file.run) ?? 0;
    records.push(await describe(start, start + seconds));
  }
  return records;
}
