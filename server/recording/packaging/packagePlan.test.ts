import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/ids.js';
import type { RecordedEntry } from '../../../shared/timeline.js';
import type { SegmentRecord } from '../../db/recordingRepository.js';
import {
  audioArgs,
  audioGraph,
  compositionGraph,
  concatList,
  groupRuns,
  parseProgress,
  planPackage,
  thumbnailArgs,
  thumbnailTimeMs,
  UNCLOSED_SEGMENT_MS,
  videoArgs,
  type PackagePaths,
} from './packagePlan.js';

const A = 'peer-a' as PeerId;
const B = 'peer-b' as PeerId;
const CAMERA = ['microphone', 'camera'];
const SCREEN = ['screen', 'screen-audio'];
const MIC = ['microphone'];

/** The rows of one capture run: `count` segments of `lengthMs` from `startMs`, as the capture stores them. */
function run(
  capture: number,
  runNumber: number,
  peerId: PeerId,
  sources: string[],
  startMs: number,
  count: number,
  { lengthMs = 2_000, isLastUnclosed = false } = {},
): SegmentRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    peerId,
    displayName: peerId === A ? 'Ama' : 'Ben',
    sources,
    fileName: `tracks/${String(capture).padStart(3, '0')}/run-${String(runNumber).padStart(4, '0')}-${String(index).padStart(5, '0')}.webm`,
    startMs: startMs + index * lengthMs,
    endMs: isLastUnclosed && index === count - 1 ? null : startMs + (index + 1) * lengthMs,
    bytes: 1000,
  }));
}

const joined = (at: number, peerId: PeerId): RecordedEntry => ({ at, kind: 'stage-joined', peerId, displayName: peerId });
const speaks = (at: number, peerId: PeerId | null): RecordedEntry => ({ at, kind: 'active-speaker', peerId });
const shares = (at: number, peerId: PeerId): RecordedEntry => ({ at, kind: 'screen-started', peerId });
const stopsSharing = (at: number, peerId: PeerId): RecordedEntry => ({ at, kind: 'screen-stopped', peerId });

/** The layout as [start, end, main, pip], run ids shortened to their capture and run (`001/1`). */
function layoutOf(plan: ReturnType<typeof planPackage>) {
  const short = (id: string | null) => id && id.replace(/^tracks\/(\d+)\/run-0*(\d+)$/, '$1/$2');
  return plan.layout.map((span) => [span.startMs, span.endMs, short(span.main), short(span.pip)]);
}

const paths = (plan: ReturnType<typeof planPackage>): PackagePaths => ({
  lists: new Map(plan.runs.map((r) => [r.id, `/rec/work/${r.id.replaceAll('/', '_')}.ffconcat`])),
  audioGraph: '/rec/work/audio.filtergraph',
  videoGraph: '/rec/work/video.filtergraph',
  mix: '/rec/work/mix.webm',
  audio: '/rec/package/audio.webm.part',
  video: '/rec/package/video.webm.part',
  thumbnail: '/rec/package/thumbnail.jpg.part',
});

describe('capture runs', () => {
  it('groups segments by capture and run, in order, each run starting where its first file does', () => {
    const segments = [...run(1, 2, A, CAMERA, 14_000, 3), ...run(2, 1, B, MIC, 5_000, 2), ...run(1, 1, A, CAMERA, 0, 6)].reverse();
    const runs = groupRuns(segments);
    expect(runs.map((r) => [r.id, r.peerId, r.startMs, r.endMs, r.segments.length])).toEqual([
      ['tracks/001/run-0001', A, 0, 12_000, 6],
      ['tracks/002/run-0001', B, 5_000, 9_000, 2],
      ['tracks/001/run-0002', A, 14_000, 20_000, 3],
    ]);
    expect(runs[0]!.segments.map((s) => s.fileName)).toEqual(run(1, 1, A, CAMERA, 0, 6).map((s) => s.fileName));
  });

  it('places each file where the next one starts, so a hole inside a run stays a hole', () => {
    const [first, second] = run(1, 1, A, CAMERA, 0, 2);
    const [r] = groupRuns([first!, { ...second!, startMs: 2_500, endMs: 4_500 }]);
    expect(r!.segments.map((s) => s.durationMs)).toEqual([2_500, 2_000]);
  });

  it('assumes about a segment\u2019s length for a last file nobody closed (a crash), and lets it play to its end', () => {
    const [r] = groupRuns(run(1, 1, A, CAMERA, 1_000, 3, { isLastUnclosed: true }));
    expect(r!.endMs).toBe(1_000 + 4_000 + UNCLOSED_SEGMENT_MS);
    expect(r!.segments.map((s) => s.durationMs)).toEqual([2_000, 2_000, null]);
    expect(concatList(r!, (name) => `/rec/${name}`)).toBe(
      [
        'ffconcat version 1.0',
        "file '/rec/tracks/001/run-0001-00000.webm'",
        'duration 2.000',
        "file '/rec/tracks/001/run-0001-00001.webm'",
        'duration 2.000',
        "file '/rec/tracks/001/run-0001-00002.webm'",
        '',
      ].join('\n'),
    );
  });

  it('quotes a path with a quote in the concat list', () => {
    const [r] = groupRuns(run(1, 1, A, CAMERA, 0, 1));
    expect(concatList(r!, () => "/data/o'brien/x.webm")).toContain("file '/data/o'\\''brien/x.webm'");
  });
});

describe('package plan', () => {
  it('lasts as long as the recording, or as the last file when that is later', () => {
    expect(planPackage({ segments: run(1, 1, A, CAMERA, 0, 5), timeline: [], recordingDurationMs: 12_345 }).durationMs).toBe(12_345);
    expect(planPackage({ segments: run(1, 1, A, CAMERA, 0, 5), timeline: [], recordingDurationMs: 9_000 }).durationMs).toBe(10_000);
    expect(planPackage({ segments: run(1, 1, A, CAMERA, 0, 5), timeline: [], recordingDurationMs: null }).durationMs).toBe(10_000);
  });

  it('shows the active speaker\u2019s camera, switching as the speaker changes', () => {
    const plan = planPackage({
      segments: [...run(1, 1, A, CAMERA, 0, 10), ...run(2, 1, B, CAMERA, 0, 10)],
      timeline: [joined(0, A), joined(0, B), speaks(5_000, B), speaks(12_000, A), speaks(15_000, null)],
      recordingDurationMs: 20_000,
    });
    // Before anyone spoke, and after the speaker went quiet (null): the first on stage.
    expect(layoutOf(plan)).toEqual([
      [0, 5_000, '001/1', null],
      [5_000, 12_000, '002/1', null],
      [12_000, 20_000, '001/1', null],
    ]);
    expect(plan.videoInputs.map((use) => [use.run.id, use.main, use.pip])).toEqual([
      ['tracks/001/run-0001', [{ startMs: 0, endMs: 5_000 }, { startMs: 12_000, endMs: 20_000 }], []],
      ['tracks/002/run-0001', [{ startMs: 5_000, endMs: 12_000 }], []],
    ]);
  });

  it('puts a screen share in the main place with the current speaker\u2019s camera in the corner', () => {
    const plan = planPackage({
      segments: [...run(1, 1, A, CAMERA, 0, 10), ...run(2, 1, B, CAMERA, 0, 10), ...run(3, 1, A, SCREEN, 8_000, 3)],
      timeline: [joined(0, A), joined(0, B), speaks(0, A), shares(8_000, A), speaks(10_000, B), stopsSharing(14_000, A)],
      recordingDurationMs: 20_000,
    });
    expect(layoutOf(plan)).toEqual([
      [0, 8_000, '001/1', null],
      [8_000, 10_000, '003/1', '001/1'],
      [10_000, 14_000, '003/1', '002/1'],
      [14_000, 20_000, '002/1', null],
    ]);
    const a = plan.videoInputs.find((use) => use.run.id === 'tracks/001/run-0001')!;
    expect(a.main).toEqual([{ startMs: 0, endMs: 8_000 }]);
    expect(a.pip).toEqual([{ startMs: 8_000, endMs: 10_000 }]);
  });

  it('shows the screen share alone when the speaker has no camera, and the camera until the share\u2019s video starts', () => {
    const plan = planPackage({
      segments: [...run(1, 1, A, CAMERA, 0, 10), ...run(2, 1, B, MIC, 0, 10), ...run(3, 1, A, SCREEN, 9_000, 2)],
      timeline: [joined(0, A), joined(0, B), shares(8_000, A), speaks(8_000, B), stopsSharing(13_000, A)],
      recordingDurationMs: 20_000,
    });
    // 8–9 s: the share is announced but its capture has not started: Ama's camera (Ben has none).
    expect(layoutOf(plan)).toEqual([
      [0, 9_000, '001/1', null],
      [9_000, 13_000, '003/1', null],
      [13_000, 20_000, '001/1', null],
    ]);
  });

  it('shows the first on stage with a camera when the speaker has none, and the next when someone leaves', () => {
    const C = 'peer-c' as PeerId;
    const plan = planPackage({
      segments: [...run(1, 1, A, MIC, 0, 10), ...run(2, 1, B, CAMERA, 0, 10), ...run(3, 1, C, CAMERA, 0, 10)],
      timeline: [joined(0, A), joined(0, B), joined(0, C), speaks(1_000, A), { at: 6_000, kind: 'stage-left', peerId: B }],
      recordingDurationMs: 20_000,
    });
    expect(layoutOf(plan)).toEqual([
      [0, 6_000, '002/1', null],
      [6_000, 20_000, '003/1', null],
    ]);
  });

  it('keeps a gap between two runs of a capture (ffmpeg restarted): another camera, or the background', () => {
    const plan = planPackage({
      segments: [...run(1, 1, A, CAMERA, 0, 4), ...run(1, 2, A, CAMERA, 10_000, 3), ...run(2, 1, B, MIC, 0, 8)],
      timeline: [joined(0, A), joined(0, B), speaks(0, A)],
      recordingDurationMs: 16_000,
    });
    expect(layoutOf(plan)).toEqual([
      [0, 8_000, '001/1', null],
      [8_000, 10_000, null, null],
      [10_000, 16_000, '001/2', null],
    ]);
    // Each run's audio sits at its own place.
    expect(plan.audioInputs.map((r) => [r.id, r.startMs])).toEqual([
      ['tracks/001/run-0001', 0],
      ['tracks/002/run-0001', 0],
      ['tracks/001/run-0002', 10_000],
    ]);
    expect(audioGraph(plan)).toContain('[3:a:0]asetpts=PTS+10.000/TB,aresample=48000:async=1:first_pts=0');
  });

  it('lays out a partial recording whose run ended early (crash): after its last file, the background', () => {
    const plan = planPackage({
      segments: run(1, 1, A, CAMERA, 0, 3, { isLastUnclosed: true }),
      timeline: [joined(0, A), speaks(0, A)],
      // Finalised at the end of the last closed file.
      recordingDurationMs: 4_000,
    });
    expect(plan.durationMs).toBe(4_000 + UNCLOSED_SEGMENT_MS);
    expect(layoutOf(plan)).toEqual([[0, 6_000, '001/1', null]]);

    const cut = planPackage({ segments: run(1, 1, A, CAMERA, 0, 3), timeline: [joined(0, A)], recordingDurationMs: 10_000 });
    expect(layoutOf(cut)).toEqual([
      [0, 6_000, '001/1', null],
      [6_000, 10_000, null, null],
    ]);
  });

  it('shows a camera even when the timeline lost its entries', () => {
    const plan = planPackage({ segments: run(1, 1, A, CAMERA, 2_000, 2), timeline: [], recordingDurationMs: 8_000 });
    expect(layoutOf(plan)).toEqual([
      [0, 2_000, null, null],
      [2_000, 6_000, '001/1', null],
      [6_000, 8_000, null, null],
    ]);
  });

  it('makes a plain background when nobody had video, with every microphone mixed', () => {
    const plan = planPackage({
      segments: [...run(1, 1, A, MIC, 0, 3), ...run(2, 1, B, MIC, 3_000, 2)],
      timeline: [joined(0, A), speaks(0, A), joined(3_000, B), speaks(3_000, B)],
      recordingDurationMs: 7_000,
    });
    expect(layoutOf(plan)).toEqual([[0, 7_000, null, null]]);
    expect(plan.videoInputs).toEqual([]);
    expect(compositionGraph(plan)).toBe('[0:v:0]format=yuv420p[vout]');
    const args = videoArgs(plan, paths(plan));
    // Background, then the mix: no run is an input of the video.
    expect(args.filter((arg) => arg === '-i')).toHaveLength(2);
    expect(args.join(' ')).toContain('-map [vout] -map 1:a:0');
    expect(plan.audioInputs.map((r) => r.startMs)).toEqual([0, 3_000]);
  });

  it('mixes silence alone when nothing was heard, so the audio still lasts the session', () => {
    const plan = planPackage({ segments: run(1, 1, A, ['camera'], 0, 2), timeline: [], recordingDurationMs: 4_000 });
    expect(plan.audioInputs).toEqual([]);
    expect(audioGraph(plan)).toBe(
      '[0:a:0]amix=inputs=1:duration=first:dropout_transition=0:normalize=0,asplit=2[mix][lowin];\n[lowin]aformat=channel_layouts=mono[low]',
    );
  });
});

describe('ffmpeg arguments', () => {
  const plan = planPackage({
    segments: [...run(1, 1, A, CAMERA, 0, 10), ...run(2, 1, B, CAMERA, 4_000, 8), ...run(3, 1, A, SCREEN, 6_000, 3)],
    timeline: [joined(0, A), speaks(0, A), joined(4_000, B), speaks(5_000, B), shares(6_000, A), stopsSharing(12_000, A), speaks(13_000, A)],
    recordingDurationMs: 20_000,
  });

  it('composes each shown run at its place, overlaid only while shown, corners on top', () => {
    const graph = compositionGraph(plan, { width: 1280, height: 720, fps: 25, background: 'black', videoBitrate: '1M' });
    const lines = graph.split(';\n');
    // Ben is both the main picture and the corner: one decode, split in two.
    expect(lines).toContain('[2:v:0]setpts=PTS+4.000/TB,split=2[v2min][v2pin]');
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[v2pin\]select='gte\(t,6\.000\)\*lt\(t,12\.000\)\+isnan\(prev_selected_t\)\+gte\(t-prev_selected_t,1\)',scale=320:180:force_original_aspect_ratio=decrease,pad=320:180:-1:-1:color=black:eval=frame,setsar=1\[v2p\]$/),
    );
    expect(lines).toContain(
      "[1:v:0]setpts=PTS+0.000/TB,select='gte(t,0.000)*lt(t,5.000)+gte(t,13.000)*lt(t,20.000)+isnan(prev_selected_t)+gte(t-prev_selected_t,1)',scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:-1:-1:color=black:eval=frame,setsar=1[v1m]",
    );
    const overlays = lines.filter((line) => line.includes('overlay='));
    expect(overlays).toEqual([
      "[0:v:0][v1m]overlay=eof_action=pass:enable='gte(t,0.000)*lt(t,5.000)+gte(t,13.000)*lt(t,20.000)'[l0]",
      "[l0][v2m]overlay=eof_action=pass:enable='gte(t,5.000)*lt(t,6.000)+gte(t,12.000)*lt(t,13.000)'[l1]",
      "[l1][v3m]overlay=eof_action=pass:enable='gte(t,6.000)*lt(t,12.000)'[l2]",
      "[l2][v2p]overlay=eof_action=pass:x=W-w-16:y=H-h-16:enable='gte(t,6.000)*lt(t,12.000)'[l3]",
    ]);
    expect(lines.at(-1)).toBe('[l3]format=yuv420p[vout]');
  });

  it('gives the video pass the background, each shown run (frame-size checks off), then the mix', () => {
    const p = paths(plan);
    const args = videoArgs(plan, p);
    const inputs = args.flatMap((arg, index) => (arg === '-i' ? [args[index + 1]] : []));
    expect(inputs).toEqual([
      'color=c=0x1e1e24:s=1280x720:r=25:d=20.000',
      p.lists.get('tracks/001/run-0001'),
      p.lists.get('tracks/002/run-0001'),
      p.lists.get('tracks/003/run-0001'),
      p.mix,
    ]);
    expect(args.join(' ')).toContain(`-reinit_filter 0 -f concat -safe 0 -i ${p.lists.get('tracks/002/run-0001')}`);
    expect(args.join(' ')).toContain('-map [vout] -map 4:a:0');
    expect(args.join(' ')).toContain('-c:v libvpx-vp9 -deadline realtime -cpu-used 8');
    expect(args.join(' ')).toContain('-progress pipe:1');
    expect(args.slice(-4)).toEqual(['20.000', '-f', 'webm', p.video]);
  });

  it('mixes the audio once for the video and the low-bandwidth file', () => {
    const p = paths(plan);
    const args = audioArgs(plan, p).join(' ');
    expect(args).toContain('-f lavfi -t 20.000 -i anullsrc=r=48000:cl=stereo');
    expect(args).toContain('-map [mix] -c:a libopus -b:a 64k -f webm /rec/work/mix.webm');
    expect(args).toContain(`-map [low] -c:a libopus -b:a 32k -application voip -f webm ${p.audio}`);
    expect(audioGraph(plan)).toContain('amix=inputs=4:');
  });

  it('takes the thumbnail 10 s in, or a third of a shorter session', () => {
    expect(thumbnailTimeMs(3_600_000)).toBe(10_000);
    expect(thumbnailTimeMs(9_000)).toBe(3_000);
    expect(thumbnailArgs(plan, paths(plan)).join(' ')).toContain('-ss 6.666 -i /rec/package/video.webm.part -frames:v 1');
  });

  it('reads progress from ffmpeg\u2019s -progress output', () => {
    expect(parseProgress('frame=10\nout_time_us=-1\nprogress=continue', 10_000)).toBeNull();
    expect(parseProgress('out_time_us=2000000\nspeed=2x\nout_time_us=2500000\n', 10_000)).toBe(0.25);
    expect(parseProgress('out_time_us=12000000', 10_000)).toBe(1);
    expect(parseProgress('speed=1x', 10_000)).toBeNull();
  });
});
