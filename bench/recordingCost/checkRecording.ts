import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listSegmentFiles } from '../../server/recording/segmentFiles.js';

/** What a recording's files hold, as ffprobe and the decoders see them. */
export type RecordingCheck = {
  segments: number;
  /** Segments ffmpeg never listed as closed (none is expected after a graceful stop). */
  unfinished: string[];
  /** Segments ffprobe rejects, or whose streams are not the expected codecs, with why. */
  probeFailures: string[];
  /** Segments whose first decoded video frame is not a keyframe. */
  notStartingOnKeyframe: string[];
  /** The concatenation of all segments decodes with no error. */
  decodable: boolean;
  /** The decoders' and demuxer's complaints about the concatenation (the first few). */
  decodeErrors: string[];
  /** How long the segments last once concatenated: from the first packet to the end of the last. */
  decodedSeconds: number;
  /**
   * Packets of the concatenation not after the previous packet of their
   * stream: where a segment's first packet falls at or before the previous
   * segment's last (its header's duration ends before that packet does).
   */
  overlaps: number;
  /** The segments' own durations (their Matroska headers), summed. */
  segmentSecondsTotal: number;
  /** Packet intervals within a segment that are not one frame: jumps in a stream's timeline. */
  irregularities: Array<TimestampIrregularity & { segment: string }>;
};

/** Where a stream's timestamps jump: `offByMs` more (or less) than one frame after the previous packet. */
export type TimestampIrregularity = { kind: 'video' | 'audio'; atSeconds: number; offByMs: number };

/** Codec names ffprobe should report, by stream type. */
export type ExpectedCodecs = { video: string; audio: string };

const MAX_ERRORS_KEPT = 5;
/** Frame intervals within this much of a stream's usual interval are regular (the 1 ms timebase rounds 33.3 ms). */
const IRREGULAR_INTERVAL_MS = 10;

/**
 * Checks every segment of one recording with ffprobe (it opens and decodes,
 * its streams are the expected codecs, its first video frame is a keyframe,
 * where its timestamps jump), then decodes all of them concatenated, in
 * recording order, through ffmpeg's concat demuxer: what a viewer of the
 * whole recording would get.
 */
export async function checkRecording(directory: string, expected: ExpectedCodecs, signal: AbortSignal): Promise<RecordingCheck> {
  const segments = await listSegmentFiles(directory);
  const check: RecordingCheck = {
    segments: segments.length,
    unfinished: segments.filter((segment) => !segment.isComplete).map((segment) => path.basename(segment.path)),
    probeFailures: [],
    notStartingOnKeyframe: [],
    decodable: false,
    decodeErrors: [],
    decodedSeconds: 0,
    overlaps: 0,
    segmentSecondsTotal: 0,
    irregularities: [],
  };
  if (segments.length === 0) {
    check.decodeErrors.push('no segment was written');
    return check;
  }
  for (const segment of segments) {
    const name = path.basename(segment.path);
    const probe = await probeSegment(segment.path, signal);
    if ('failure' in probe) {
      check.probeFailures.push(`${name}: ${probe.failure}`);
      continue;
    }
    if (probe.codecs.video !== expected.video || probe.codecs.audio !== expected.audio) {
      check.probeFailures.push(`${name}: streams ${JSON.stringify(probe.codecs)}`);
    }
    if (!probe.startsOnKeyframe) check.notStartingOnKeyframe.push(name);
    check.irregularities.push(...probe.irregularities.map((irregularity) => ({ ...irregularity, segment: name })));
    check.segmentSecondsTotal += probe.durationSeconds;
  }

  const list = path.join(directory, 'concatenation.txt');
  await writeFile(list, segments.map((segment) => `file '${segment.path.replaceAll("'", "'\\''")}'\n`).join(''));
  const whole = await decodeConcatenation(list, signal);
  check.decodedSeconds = whole.seconds;
  check.decodable = whole.errors.length === 0;
  check.decodeErrors.push(...whole.errors.slice(0, MAX_ERRORS_KEPT));
  check.overlaps = whole.overlaps;
  return check;
}

type SegmentProbe =
  | {
      codecs: Partial<Record<'video' | 'audio', string>>;
      durationSeconds: number;
      startsOnKeyframe: boolean;
      irregularities: TimestampIrregularity[];
    }
  | { failure: string };

type ProbeEntry = { type: 'packet' | 'frame'; stream_index: number; pts_time?: string; key_frame?: number };

/**
 * One ffprobe per segment: its streams and header duration, and every packet
 * and (decoded) frame, so that a frame the decoder rejects shows as an error
 * here too, named by its segment.
 */
async function probeSegment(file: string, signal: AbortSignal): Promise<SegmentProbe> {
  const result = await runTool(
    'ffprobe',
    [
      '-v', 'error',
      '-show_entries', 'stream=index,codec_type,codec_name:format=duration:packet=stream_index,pts_time:frame=stream_index,key_frame',
      '-of', 'json',
      file,
    ],
    signal,
  );
  if (result.code !== 0 || result.stderr.trim()) return { failure: firstLine(result.stderr) || `ffprobe exited with ${result.code}` };
  const info = JSON.parse(result.stdout) as {
    streams?: Array<{ index: number; codec_type: string; codec_name: string }>;
    format?: { duration?: string };
    packets_and_frames?: ProbeEntry[];
  };
  const durationSeconds = Number(info.format?.duration);
  if (!Number.isFinite(durationSeconds)) return { failure: 'no duration in its header (not closed properly)' };
  const codecs: Partial<Record<'video' | 'audio', string>> = {};
  const kinds = new Map<number, 'video' | 'audio'>();
  for (const stream of info.streams ?? []) {
    if (stream.codec_type !== 'video' && stream.codec_type !== 'audio') continue;
    codecs[stream.codec_type] = stream.codec_name;
    kinds.set(stream.index, stream.codec_type);
  }
  const entries = info.packets_and_frames ?? [];
  const firstVideoFrame = entries.find((entry) => entry.type === 'frame' && kinds.get(entry.stream_index) === 'video');
  const irregularities = [...kinds].flatMap(([index, kind]) =>
    findIrregularities(
      kind,
      entries.filter((entry) => entry.type === 'packet' && entry.stream_index === index).map((entry) => Number(entry.pts_time)),
    ),
  );
  return { codecs, durationSeconds, startsOnKeyframe: firstVideoFrame?.key_frame === 1, irregularities };
}

/**
 * Intervals between consecutive packets of one stream that stray from the
 * stream's usual interval (its median: one frame) by more than
 * {@link IRREGULAR_INTERVAL_MS}: a hole in the timeline (positive) or
 * packets squeezed together (negative). The replayed clip is perfectly
 * regular, so each one is the capture's doing.
 */
function findIrregularities(kind: 'video' | 'audio', times: number[]): TimestampIrregularity[] {
  const intervals = times.slice(1).map((time, i) => time - times[i]!);
  const usual = [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)];
  if (usual === undefined) return [];
  return intervals.flatMap((interval, i) => {
    const offByMs = (interval - usual) * 1000;
    return Math.abs(offByMs) > IRREGULAR_INTERVAL_MS ? [{ kind, atSeconds: times[i + 1]!, offByMs }] : [];
  });
}

/**
 * Decodes the concatenation with ffprobe, which reads and decodes every
 * packet without muxing them anywhere: its complaints are the demuxer's and
 * the decoders'. (`ffmpeg -f null` would add the null muxer's: a packet not
 * strictly after the previous one of its stream is reported as an error
 * there, although it decoded; those are counted as overlaps instead.)
 */
async function decodeConcatenation(
  list: string,
  signal: AbortSignal,
): Promise<{ errors: string[]; seconds: number; overlaps: number }> {
  const result = await runTool(
    'ffprobe',
    [
      '-v', 'error',
      '-f', 'concat', '-safe', '0', '-i', list,
      '-show_entries', 'packet=stream_index,pts_time,duration_time:frame=stream_index',
      '-of', 'csv',
    ],
    signal,
  );
  const errors = result.stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  if (result.code !== 0 && errors.length === 0) errors.push(`ffprobe exited with ${result.code}`);
  let start = Infinity;
  let end = 0;
  let overlaps = 0;
  const lastPts = new Map<number, number>();
  for (const line of result.stdout.split('\n')) {
    const [section, index, pts, duration] = line.split(',');
    if (section !== 'packet') continue;
    const stream = Number(index);
    const time = Number(pts);
    if (!Number.isFinite(time)) continue;
    const previous = lastPts.get(stream);
    if (previous !== undefined && time <= previous) overlaps += 1;
    lastPts.set(stream, time);
    start = Math.min(start, time);
    end = Math.max(end, time + (Number.isFinite(Number(duration)) ? Number(duration) : 0));
  }
  return { errors, seconds: Number.isFinite(start) ? end - start : 0, overlaps };
}

type ToolResult = { code: number | null; stdout: string; stderr: string };

/** Runs ffmpeg or ffprobe to the end; the signal kills it when the benchmark is interrupted. */
function runTool(command: string, args: string[], signal: AbortSignal): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
