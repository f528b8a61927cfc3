import { viewAt, type RecordedEntry } from '../../../shared/timeline.js';
import type { SegmentRecord } from '../../db/recordingRepository.js';

/**
 * What packaging makes of a recording, worked out before any ffmpeg runs:
 * which files form each capture run, where each run sits in the session,
 * which video is the main picture (and which the picture-in-picture) when,
 * and the ffmpeg arguments that compose it all. Pure: no files, no
 * processes; the packager (packager.ts) writes and runs what this returns.
 *
 * Everything is in milliseconds from the recording's start, like the
 * segment rows and the timeline.
 */

/** One ffmpeg run of one capture: segments that follow each other without a gap. */
export interface CaptureRun {
  /** `tracks/001/run-0002`: unique within the recording. */
  id: string;
  peerId: string;
  displayName: string;
  /** What the files hold: "camera", "microphone", "screen", "screen-audio". */
  sources: string[];
  /**
   * In order. `durationMs` is where the next segment starts (what the
   * concat demuxer places it by); null for a last segment nobody closed
   * (a crash), which then lasts as long as its content.
   */
  segments: { fileName: string; durationMs: number | null }[];
  startMs: number;
  /** Where the run ends; for an unclosed last segment, an estimate (see {@link UNCLOSED_SEGMENT_MS}). */
  endMs: number;
}

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

/** What the video shows during one span: the run that is the main picture, and the one in the corner. */
export interface LayoutSpan extends TimeSpan {
  /** A run's id, or null for the plain background. */
  main: string | null;
  /** Only while a screen share is the main picture: the current speaker's camera. */
  pip: string | null;
}

/** A run whose video appears in the package, and when. */
export interface VideoUse {
  run: CaptureRun;
  main: TimeSpan[];
  pip: TimeSpan[];
}

export interface PackagePlan {
  /** How long the packaged files last. */
  durationMs: number;
  runs: CaptureRun[];
  /** Consecutive spans covering [0, durationMs), each different from the previous. */
  layout: LayoutSpan[];
  /** Runs whose video is shown at some point, in order of start. */
  videoInputs: VideoUse[];
  /** Runs with a microphone or a screen's audio, each mixed in at its `startMs`. */
  audioInputs: CaptureRun[];
}

export interface PlanInput {
  segments: readonly SegmentRecord[];
  timeline: readonly RecordedEntry[];
  /** endedAt − startedAt, when both are known. */
  recordingDurationMs: number | null;
}

/** The picture the video is composed at. */
export interface VideoFormat {
  width: number;
  height: number;
  fps: number;
  /** An ffmpeg colour: the background when nobody has video, and around pictures of another shape. */
  background: string;
  /** Target video bitrate, ffmpeg syntax. */
  videoBitrate: string;
}

/**
 * 1280x720 at 25 fps in VP9, libvpx's real-time mode at speed 8 with row
 * multithreading. On this project's 2-core machine (shared, loaded) a
 * minute of session (two cameras, a screen share) took about 23
 * CPU-seconds for all three passes, 16–26 s of wall time at the lowest
 * priority; the same picture in VP8 took 48–55 CPU-seconds at speed 8 and
 * 23–56 at its fastest, for larger files.
 */
export const DEFAULT_VIDEO_FORMAT: VideoFormat = {
  width: 1280,
  height: 720,
  fps: 25,
  background: '0x1e1e24',
  videoBitrate: '1M',
};

/** Bitrates of the audio: inside the video, and the audio-only file for weak connections. */
export const MIX_AUDIO_BITRATE = '64k';
export const LOW_BANDWIDTH_AUDIO_BITRATE = '32k';

/**
 * How long an unclosed segment (ffmpeg died while writing it) is assumed to
 * last when laying out the picture: about the capture's segment length.
 */
export const UNCLOSED_SEGMENT_MS = 2_000;

/** Largest distance between frames of a video while it is not shown (see {@link compositionGraph}). */
const KEEP_ALIVE_SECONDS = 1;

const SEGMENT_NAME = /^(.*)\/run-(\d+)-\d+\.webm$/;

const hasAny = (run: CaptureRun, sources: readonly string[]) => run.sources.some((source) => sources.includes(source));
const isCamera = (run: CaptureRun) => hasAny(run, ['camera']);
const isScreen = (run: CaptureRun) => hasAny(run, ['screen']);
const hasAudio = (run: CaptureRun) => hasAny(run, ['microphone', 'screen-audio']);
const covers = (run: CaptureRun, t: number) => run.startMs <= t && t < run.endMs;

/** Works out the whole package from the segment rows and the timeline. */
export function planPackage(input: PlanInput): PackagePlan {
  const runs = groupRuns(input.segments);
  const lastEnd = Math.max(0, ...runs.map((run) => run.endMs));
  const durationMs = Math.max(input.recordingDurationMs ?? 0, lastEnd);
  const layout = layOut(runs, input.timeline, durationMs);
  const videoInputs = runs
    .map((run) => ({
      run,
      main: spansOf(layout, (span) => span.main === run.id),
      pip: spansOf(layout, (span) => span.pip === run.id),
    }))
    .filter((use) => use.main.length > 0 || use.pip.length > 0);
  return { durationMs, runs, layout, videoInputs, audioInputs: runs.filter(hasAudio) };
}

/**
 * Segments grouped by capture run (their file names say which:
 * `tracks/001/run-0002-00005.webm`), in order of start. A file named
 * otherwise is a run of its own.
 */
export function groupRuns(segments: readonly SegmentRecord[]): CaptureRun[] {
  const byRun = new Map<string, SegmentRecord[]>();
  for (const segment of segments) {
    const match = SEGMENT_NAME.exec(segment.fileName);
    const id = match ? `${match[1]}/run-${match[2]}` : segment.fileName;
    byRun.set(id, [...(byRun.get(id) ?? []), segment]);
  }
  const runs = [...byRun].map(([id, files]): CaptureRun => {
    const ordered = [...files].sort((a, b) => a.startMs - b.startMs || a.fileName.localeCompare(b.fileName));
    const first = ordered[0]!;
    const last = ordered.at(-1)!;
    return {
      id,
      peerId: first.peerId,
      displayName: first.displayName,
      sources: first.sources,
      segments: ordered.map((segment, index) => {
        const next = ordered[index + 1];
        // The next file's start, not this one's end: a run is contiguous, and
        // placing every file where the rows say keeps any gap where it was.
        const durationMs = next ? next.startMs - segment.startMs : segment.endMs === null ? null : segment.endMs - segment.startMs;
        return { fileName: segment.fileName, durationMs: durationMs === null ? null : Math.max(0, durationMs) };
      }),
      startMs: first.startMs,
      endMs: last.endMs ?? last.startMs + UNCLOSED_SEGMENT_MS,
    };
  });
  return runs.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
}

/**
 * The main picture and the picture-in-picture through the session. It can
 * only change where the timeline has an entry or a run starts or ends, so
 * the view is computed once per such span:
 * - a screen share when one runs (viewAt) and its capture has video then,
 *   with the current speaker's camera in the corner when they have one;
 * - otherwise the speaker's camera (viewAt: the active speaker still on
 *   stage, else the first on stage);
 * - otherwise the camera of the first person on stage who has one, then
 *   any camera recorded then (a timeline that lost entries), then any
 *   screen share recorded then;
 * - otherwise the plain background.
 */
export function layOut(runs: readonly CaptureRun[], timeline: readonly RecordedEntry[], durationMs: number): LayoutSpan[] {
  const cuts = new Set([0, durationMs]);
  for (const entry of timeline) cuts.add(entry.at);
  for (const run of runs) cuts.add(run.startMs).add(run.endMs);
  const times = [...cuts].filter((t) => t >= 0 && t <= durationMs).sort((a, b) => a - b);

  const spans: LayoutSpan[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const startMs = times[i]!;
    const endMs = times[i + 1]!;
    const { main, pip } = pictureAt(runs, timeline, startMs);
    const previous = spans.at(-1);
    if (previous && previous.main === main && previous.pip === pip) previous.endMs = endMs;
    else spans.push({ startMs, endMs, main, pip });
  }
  return spans;
}

function pictureAt(runs: readonly CaptureRun[], timeline: readonly RecordedEntry[], t: number): { main: string | null; pip: string | null } {
  const view = viewAt(timeline, t);
  // The newest run of a kind wins where two overlap (a capture replaced by the next).
  const live = runs.filter((run) => covers(run, t)).reverse();
  const cameraOf = (peerId: string | null) => live.find((run) => run.peerId === peerId && isCamera(run)) ?? null;

  const screen = view.screenOf === null ? undefined : live.find((run) => run.peerId === view.screenOf && isScreen(run));
  if (screen) return { main: screen.id, pip: cameraOf(view.speaker)?.id ?? null };

  const camera =
    cameraOf(view.speaker) ??
    view.onStage.map(cameraOf).find((run) => run !== null) ??
    [...live].reverse().find(isCamera) ??
    [...live].reverse().find(isScreen) ??
    null;
  return { main: camera?.id ?? null, pip: null };
}

function spansOf(layout: readonly LayoutSpan[], isIn: (span: LayoutSpan) => boolean): TimeSpan[] {
  const spans: TimeSpan[] = [];
  for (const span of layout) {
    if (!isIn(span)) continue;
    const previous = spans.at(-1);
    if (previous && previous.endMs === span.startMs) previous.endMs = span.endMs;
    else spans.push({ startMs: span.startMs, endMs: span.endMs });
  }
  return spans;
}

/**
 * The concat demuxer's list for one run: its files one after the other,
 * each placed where the rows say the next one starts. `pathOf` turns a
 * stored file name into the absolute path ffmpeg opens.
 */
export function concatList(run: CaptureRun, pathOf: (fileName: string) => string): string {
  const lines = ['ffconcat version 1.0'];
  for (const segment of run.segments) {
    lines.push(`file ${quoteConcat(pathOf(segment.fileName))}`);
    if (segment.durationMs !== null) lines.push(`duration ${seconds(segment.durationMs)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The concat list's quoting: inside single quotes, a quote is closed, escaped and reopened. */
function quoteConcat(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** `gte(t,1.000)*lt(t,2.500)+…`: true while t is in one of the spans (each end excluded). */
function whileIn(spans: readonly TimeSpan[]): string {
  return spans.map((span) => `gte(t,${seconds(span.startMs)})*lt(t,${seconds(span.endMs)})`).join('+');
}

/**
 * The video filter graph. Input 0 is the background (a colour source as
 * long as the session); input i (from 1) is `plan.videoInputs[i - 1]`'s
 * run; the result is `[vout]`.
 *
 * Each run is shifted to its place in the session, fitted into the frame
 * (or the corner) keeping its shape, and overlaid while it is the main
 * picture or the picture-in-picture. Some choices are load-bearing:
 * - Frames are dropped (`select`) while a run is not shown, so they are
 *   not scaled for nothing; but one per second is kept. An overlay must
 *   see a run's next frame before it can go on, and when a run feeds both
 *   the main picture and the corner (split), a long stretch with no frame
 *   in one branch would make ffmpeg decode far ahead and queue every frame
 *   of the other branch in memory.
 * - Cameras change resolution mid-run (browsers adapt to CPU and
 *   bandwidth). ffmpeg's default reaction rebuilds the whole graph and
 *   drops every frame queued in it; the packager turns that off
 *   (`-reinit_filter 0`) and this graph absorbs the change instead: scale
 *   reconfigures itself per frame, and pad with `eval=frame` too, so what
 *   leaves each branch always has the same size.
 */
export function compositionGraph(plan: PackagePlan, format: VideoFormat = DEFAULT_VIDEO_FORMAT): string {
  const { width, height, background } = format;
  const pipWidth = even(width / 4);
  const pipHeight = even(height / 4);
  const margin = even(width / 80);
  const fit = (w: number, h: number) =>
    `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:-1:-1:color=${background}:eval=frame,setsar=1`;
  const keepAlive = `isnan(prev_selected_t)+gte(t-prev_selected_t,${KEEP_ALIVE_SECONDS})`;

  const chains: string[] = [];
  const overlays: { label: string; spans: TimeSpan[]; isPip: boolean }[] = [];
  plan.videoInputs.forEach((use, index) => {
    const input = index + 1;
    const shift = `[${input}:v:0]setpts=PTS+${seconds(use.run.startMs)}/TB`;
    const branches = [
      { label: `v${input}m`, spans: use.main, fit: fit(width, height), isPip: false },
      { label: `v${input}p`, spans: use.pip, fit: fit(pipWidth, pipHeight), isPip: true },
    ].filter((branch) => branch.spans.length > 0);
    const shown = (branch: (typeof branches)[number]) =>
      `select='${whileIn(branch.spans)}+${keepAlive}',${branch.fit}[${branch.label}]`;
    if (branches.length === 1) {
      chains.push(`${shift},${shown(branches[0]!)}`);
    } else {
      chains.push(`${shift},split=2${branches.map((branch) => `[${branch.label}in]`).join('')}`);
      for (const branch of branches) chains.push(`[${branch.label}in]${shown(branch)}`);
    }
    overlays.push(...branches);
  });

  // Main pictures never overlap one another, nor corners one another: the
  // order only has to put the corners on top.
  overlays.sort((a, b) => Number(a.isPip) - Number(b.isPip));
  let current = '[0:v:0]';
  overlays.forEach((overlay, index) => {
    const position = overlay.isPip ? `:x=W-w-${margin}:y=H-h-${margin}` : '';
    const next = `[l${index}]`;
    chains.push(`${current}[${overlay.label}]overlay=eof_action=pass${position}:enable='${whileIn(overlay.spans)}'${next}`);
    current = next;
  });
  chains.push(`${current}format=yuv420p[vout]`);
  return chains.join(';\n');
}

/**
 * The audio filter graph. Input 0 is silence as long as the session; input
 * i (from 1) is `plan.audioInputs[i - 1]`'s run. Each run is moved to its
 * place and its holes (a muted microphone sends nothing) filled with
 * silence, then everything is mixed at its own level (no normalising: a
 * speaker alone is not made louder). Outputs `[mix]` (stereo, for the
 * video) and `[low]` (mono, for the audio-only file).
 */
export function audioGraph(plan: PackagePlan): string {
  const chains = plan.audioInputs.map(
    (run, index) =>
      `[${index + 1}:a:0]asetpts=PTS+${seconds(run.startMs)}/TB,aresample=48000:async=1:first_pts=0,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo[a${index + 1}]`,
  );
  const inputs = ['[0:a:0]', ...plan.audioInputs.map((_, index) => `[a${index + 1}]`)].join('');
  chains.push(
    `${inputs}amix=inputs=${plan.audioInputs.length + 1}:duration=first:dropout_transition=0:normalize=0,asplit=2[mix][lowin]`,
    '[lowin]aformat=channel_layouts=mono[low]',
  );
  return chains.join(';\n');
}

/** Where the packager keeps each file of one packaging: the inputs it wrote, and the outputs. */
export interface PackagePaths {
  /** The concat list of each run, by run id. */
  lists: ReadonlyMap<string, string>;
  audioGraph: string;
  videoGraph: string;
  /** The mixed audio, made for the video and then copied into it. */
  mix: string;
  audio: string;
  video: string;
  thumbnail: string;
}

/** Options every packaging ffmpeg starts with: progress on stdout, for {@link parseProgress}. */
const COMMON_ARGS = ['-hide_banner', '-nostats', '-loglevel', 'warning', '-y', '-progress', 'pipe:1'];

/**
 * One run's concat input. The frame-size checks are off (see
 * {@link compositionGraph}); `-safe 0` because the paths are absolute (the
 * packager made them, from file names it checked are inside the recording).
 */
const concatInput = (list: string) => ['-reinit_filter', '0', '-f', 'concat', '-safe', '0', '-i', list];

function listOf(paths: PackagePaths, run: CaptureRun): string {
  const list = paths.lists.get(run.id);
  if (list === undefined) throw new Error(`no concat list for ${run.id}`);
  return list;
}

/** First pass: the mixed audio for the video, and the low-bandwidth audio-only file (Opus in WebM). */
export function audioArgs(plan: PackagePlan, paths: PackagePaths): string[] {
  return [
    ...COMMON_ARGS,
    '-f', 'lavfi', '-t', seconds(plan.durationMs), '-i', 'anullsrc=r=48000:cl=stereo',
    ...plan.audioInputs.flatMap((run) => concatInput(listOf(paths, run))),
    '-filter_complex_script', paths.audioGraph,
    '-map', '[mix]', '-c:a', 'libopus', '-b:a', MIX_AUDIO_BITRATE, '-f', 'webm', paths.mix,
    '-map', '[low]', '-c:a', 'libopus', '-b:a', LOW_BANDWIDTH_AUDIO_BITRATE, '-application', 'voip', '-f', 'webm', paths.audio,
  ];
}

/**
 * Second pass: the composed picture in VP9 with the mixed audio copied in.
 * The graph goes in a file: a long session's spans make it longer than a
 * command-line argument may be.
 */
export function videoArgs(plan: PackagePlan, paths: PackagePaths, format: VideoFormat = DEFAULT_VIDEO_FORMAT): string[] {
  const mixInput = plan.videoInputs.length + 1;
  return [
    ...COMMON_ARGS,
    '-f', 'lavfi', '-i', `color=c=${format.background}:s=${format.width}x${format.height}:r=${format.fps}:d=${seconds(plan.durationMs)}`,
    ...plan.videoInputs.flatMap((use) => concatInput(listOf(paths, use.run))),
    '-i', paths.mix,
    '-filter_complex_script', paths.videoGraph,
    '-map', '[vout]', '-map', `${mixInput}:a:0`,
    '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-threads', '2',
    '-b:v', format.videoBitrate,
    // A key frame every 5 s: seeking in the replay lands at most that far off.
    '-g', String(format.fps * 5),
    '-c:a', 'copy',
    '-t', seconds(plan.durationMs),
    '-f', 'webm', paths.video,
  ];
}

/** Where the thumbnail is taken: 10 s in, or a third of a shorter session. */
export function thumbnailTimeMs(durationMs: number): number {
  return Math.min(10_000, Math.floor(durationMs / 3));
}

/** Third pass: one frame of the finished video as a JPEG, 640 pixels wide. */
export function thumbnailArgs(plan: PackagePlan, paths: PackagePaths): string[] {
  return [
    ...COMMON_ARGS,
    '-ss', seconds(thumbnailTimeMs(plan.durationMs)),
    '-i', paths.video,
    '-frames:v', '1', '-vf', 'scale=640:-2', '-q:v', '3',
    '-f', 'image2', '-update', '1', paths.thumbnail,
  ];
}

/**
 * How far an ffmpeg is, from its `-progress` output (`key=value` lines):
 * the latest `out_time_us` as a fraction of `durationMs`, or null when the
 * chunk has none. ffmpeg writes -1 before its first frame.
 */
export function parseProgress(text: string, durationMs: number): number | null {
  let fraction: number | null = null;
  for (const line of text.split('\n')) {
    const match = /^out_time_us=(-?\d+)\s*$/.exec(line);
    if (!match) continue;
    const micros = Number(match[1]);
    if (micros >= 0 && durationMs > 0) fraction = Math.min(1, micros / 1000 / durationMs);
  }
  return fraction;
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}
