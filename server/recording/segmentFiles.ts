import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One file ffmpeg wrote. A run is one ffmpeg process: a restart after a
 * crash starts a new run, so a run's segments are contiguous in time and
 * runs follow each other.
 */
export interface SegmentFile {
  path: string;
  run: number;
  /** Position within the run, from 0. */
  index: number;
  /**
   * ffmpeg closed the file (wrote its trailer and listed it). A segment that
   * is not complete was being written when ffmpeg stopped or died: it is
   * still readable up to its last flushed cluster.
   */
  isComplete: boolean;
  /** Start and end within the run, in seconds, as ffmpeg listed them (complete segments only). */
  startSeconds?: number;
  endSeconds?: number;
}

export const SEGMENT_EXTENSION = 'webm';

const SEGMENT_NAME = /^run-(\d{4})-(\d{5})\.webm$/;

/** The `-f segment` output pattern of one run, e.g. `run-0002-%05d.webm`. */
export function segmentPattern(directory: string, run: number): string {
  return path.join(directory, `run-${runLabel(run)}-%05d.${SEGMENT_EXTENSION}`);
}

/** The CSV list ffmpeg appends to as it closes each segment of a run. */
export function segmentListPath(directory: string, run: number): string {
  return path.join(directory, `run-${runLabel(run)}.csv`);
}

/** The SDP handed to the ffmpeg of a run. */
export function sdpPath(directory: string, run: number): string {
  return path.join(directory, `run-${runLabel(run)}.sdp`);
}

/**
 * Every segment in the directory, in recording order, marked complete when
 * ffmpeg's list of that run names it.
 */
export async function listSegmentFiles(directory: string): Promise<SegmentFile[]> {
  const segments: SegmentFile[] = [];
  const listed = new Map<number, Map<string, { startSeconds: number; endSeconds: number }>>();
  for (const name of await readdir(directory)) {
    const match = SEGMENT_NAME.exec(name);
    if (!match) continue;
    const run = Number(match[1]);
    if (!listed.has(run)) listed.set(run, await readSegmentList(segmentListPath(directory, run)));
    const times = listed.get(run)!.get(name);
    segments.push({ path: path.join(directory, name), run, index: Number(match[2]), isComplete: times !== undefined, ...times });
  }
  return segments.sort((a, b) => a.run - b.run || a.index - b.index);
}

/** Parses ffmpeg's `-segment_list_type csv` lines: `name,start,end`. */
export function parseSegmentList(csv: string): Map<string, { startSeconds: number; endSeconds: number }> {
  const entries = new Map<string, { startSeconds: number; endSeconds: number }>();
  for (const line of csv.split('\n')) {
    const [name, start, end] = line.trim().split(',');
    const startSeconds = Number(start);
    const endSeconds = Number(end);
    // A line ffmpeg was still writing when it died is not a listing.
    if (!name || !start || !end || !Number.isFinite(startSeconds) || !Number.isFinite(endSeconds)) continue;
    entries.set(path.basename(name), { startSeconds, endSeconds });
  }
  return entries;
}

async function readSegmentList(file: string): Promise<Map<string, { startSeconds: number; endSeconds: number }>> {
  try {
    return parseSegmentList(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
}

const runLabel = (run: number) => String(run).padStart(4, '0');
