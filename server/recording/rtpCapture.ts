import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { createRecordingSdp, type RecordingSdpStream } from './recordingSdp.js';
import { listSegmentFiles, sdpPath, segmentListPath, segmentPattern, type SegmentFile } from './segmentFiles.js';
import { reservePortPair, waitForUdpPorts } from './udpPorts.js';

export interface RtpCaptureOptions {
  router: types.Router;
  /** One person's producers (e.g. camera and microphone), recorded together in one file per segment. */
  producers: types.Producer[];
  /** Where segments, SDPs and segment lists are written; created if missing. */
  directory: string;
  logger: Logger;
  /** Target segment length: at most this much is lost when ffmpeg dies. Default 2. */
  segmentSeconds?: number;
  /** How long ffmpeg gets to finish after 'q' before it is sent SIGTERM. Default 5000. */
  stopTimeoutMs?: number;
  /** Default `ffmpeg` on the PATH. */
  ffmpegPath?: string;
  /** Loopback address the plain transports and ffmpeg use. Default 127.0.0.1. */
  listenIp?: string;
}

/** How one ffmpeg process ended. */
export interface FfmpegExit {
  run: number;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines ffmpeg wrote to stderr: why it died, when it says. */
  stderrTail: string[];
}

export type RtpCaptureState = 'idle' | 'starting' | 'recording' | 'restarting' | 'stopping' | 'stopped';

type FfmpegProcess = ChildProcessByStdio<Writable, null, Readable>;

/** One ffmpeg process and the mediasoup objects feeding it. */
interface Run {
  number: number;
  transports: types.PlainTransport[];
  consumers: types.Consumer[];
  ffmpeg: FfmpegProcess;
  exited: Promise<FfmpegExit>;
  /** Date.now() when media started flowing to ffmpeg. */
  startedAt: number;
  keyFrameTimer?: NodeJS.Timeout;
}

const DEFAULT_SEGMENT_SECONDS = 2;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;
const LISTEN_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;
const STDERR_TAIL_LINES = 20;
// A run that lasted this long was healthy: the next crash restarts at once.
const HEALTHY_RUN_MS = 10_000;
const MAX_RESTART_DELAY_MS = 10_000;
// How long sound waits for the picture's first keyframe at the start of a run.
const KEY_FRAME_WAIT_MS = 2_000;
// A keyframe asked for at a segment boundary may reach ffmpeg a little
// before that boundary in stream time; ffmpeg still cuts on it.
const SEGMENT_TIME_DELTA_SECONDS = 0.25;
// Matroska buffers a whole cluster in memory: bound it so that a killed
// ffmpeg leaves all but about the last second readable. Without
// flush_packets, ffmpeg 5.1 also keeps the segment's first tens of kilobytes
// in its write buffer: a segment killed 3 s in was still empty on disk.
const SEGMENT_MUXER_OPTIONS = 'cluster_time_limit=1000:flush_packets=1';

/**
 * Records one person's producers without transcoding: each producer is
 * consumed on its own PlainTransport (ffmpeg's SDP input binds one port pair
 * per stream and does not demultiplex by SSRC) and ffmpeg copies the RTP into
 * WebM segments of a few seconds.
 *
 * A run is one ffmpeg process with its own transports, consumers, ports and
 * SDP. When ffmpeg dies, the run is torn down and a new one started: the
 * restart takes the same path as the start (fresh ports, so no race for the
 * dead process's ports; a new paused consumer, whose resume makes mediasoup
 * wait for and ask for a keyframe), and its segments are numbered as a new
 * run, so nothing ffmpeg wrote is overwritten.
 *
 * Every segment starts on a video keyframe: ffmpeg's segment muxer only cuts
 * on keyframes of the video stream, a resumed consumer forwards nothing before
 * a keyframe, and a keyframe is requested at every segment boundary (browsers
 * send one only when asked).
 *
 * Linux only: ffmpeg's readiness is read from /proc/net/udp.
 *
 * @example
 * const capture = new RtpCapture({ router, producers: [camera, microphone], directory, logger });
 * await capture.start();
 * // …
 * await capture.stop();
 * const files = await capture.segments();
 */
export class RtpCapture {
  private currentState: RtpCaptureState = 'idle';
  private current: Run | undefined;
  private lastRunNumber = 0;
  private readonly startTimes = new Map<number, number>();
  /** ffmpeg runs that died or failed to start in a row, each soon after the previous: the restart back-off. */
  private quickFailures = 0;
  private transition: Promise<void> | undefined;
  private stopping: Promise<FfmpegExit | undefined> | undefined;
  private readonly restartBackoff = new AbortController();
  private readonly exitedListeners = new Set<(exit: FfmpegExit) => void>();
  private readonly restartedListeners = new Set<(run: number) => void>();
  private readonly segmentSeconds: number;
  private readonly stopTimeoutMs: number;
  private readonly listenIp: string;
  private readonly logger: Logger;

  constructor(private readonly options: RtpCaptureOptions) {
    if (options.producers.length === 0) throw new Error('nothing to record: no producers');
    this.segmentSeconds = options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS;
    this.stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    this.listenIp = options.listenIp ?? '127.0.0.1';
    this.logger = options.logger.child({ component: 'rtpCapture', directory: options.directory });
  }

  get state(): RtpCaptureState {
    return this.currentState;
  }

  /** The pid of the ffmpeg writing now, if any (operations and tests). */
  get ffmpegPid(): number | undefined {
    return this.current?.ffmpeg.pid;
  }

  /** The run writing now; each ffmpeg restart starts a new one. */
  get run(): number | undefined {
    return this.current?.number;
  }

  /**
   * When each run of this capture began (Date.now() as media started to
   * flow to its ffmpeg): where a run's segments sit in wall-clock time.
   */
  get runStarts(): ReadonlyMap<number, number> {
    return this.startTimes;
  }

  /** Called when ffmpeg exits while recording; a restart follows. */
  onFfmpegExited(listener: (exit: FfmpegExit) => void): () => void {
    this.exitedListeners.add(listener);
    return () => this.exitedListeners.delete(listener);
  }

  /** Called with the new run's number once a restarted ffmpeg is receiving media. */
  onRestarted(listener: (run: number) => void): () => void {
    this.restartedListeners.add(listener);
    return () => this.restartedListeners.delete(listener);
  }

  /** Resolves once ffmpeg listens and the consumers are resumed: media from here on is recorded. */
  async start(): Promise<void> {
    if (this.currentState !== 'idle') throw new Error(`cannot start a capture that is ${this.currentState}`);
    this.currentState = 'starting';
    const starting = (async () => {
      await mkdir(this.options.directory, { recursive: true });
      // Never overwrite what an earlier capture left in the directory.
      this.lastRunNumber = Math.max(0, ...(await this.segments()).map((segment) => segment.run));
      this.current = await this.startRunWithRetries();
    })();
    this.transition = starting.catch(() => undefined);
    try {
      await starting;
    } catch (error) {
      this.currentState = 'stopped';
      throw error;
    }
    if (this.currentState === 'starting') {
      this.currentState = 'recording';
      this.supervise(this.current!);
    }
  }

  /**
   * Ends the recording gracefully: ffmpeg is sent 'q', which makes it close
   * the last segment properly and exit 0; only if it has not exited after
   * `stopTimeoutMs` is it sent SIGTERM (also a clean shutdown for ffmpeg).
   * Resolves with how the last ffmpeg ended (none if no run was going).
   */
  stop(): Promise<FfmpegExit | undefined> {
    if (this.currentState === 'idle' || this.currentState === 'stopped') {
      this.currentState = 'stopped';
      return Promise.resolve(undefined);
    }
    this.stopping ??= (async () => {
      this.currentState = 'stopping';
      this.restartBackoff.abort();
      await this.transition;
      const run = this.current;
      const exit = run ? await this.stopRun(run) : undefined;
      this.currentState = 'stopped';
      return exit;
    })();
    return this.stopping;
  }

  /** Segment files written so far, in recording order. */
  segments(): Promise<SegmentFile[]> {
    return listSegmentFiles(this.options.directory);
  }

  private async startRunWithRetries(): Promise<Run> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return await this.startRun(++this.lastRunNumber);
      } catch (error) {
        // Most likely another process took a port between reservation and ffmpeg's bind.
        lastError = error;
        this.logger.warn({ err: error, attempt }, 'ffmpeg run failed to start');
      }
    }
    throw lastError;
  }

  private async startRun(number: number): Promise<Run> {
    const { router, producers, directory } = this.options;
    const transports: types.PlainTransport[] = [];
    const consumers: types.Consumer[] = [];
    let ffmpeg: FfmpegProcess | undefined;
    try {
      const streams: RecordingSdpStream[] = [];
      for (const producer of producers) {
        const port = await reservePortPair(this.listenIp);
        const transport = await router.createPlainTransport({ listenIp: this.listenIp, rtcpMux: false, comedia: false });
        transports.push(transport);
        await transport.connect({ ip: this.listenIp, port, rtcpPort: port + 1 });
        const consumer = await transport.consume({
          producerId: producer.id,
          rtpCapabilities: recorderCapabilities(router.rtpCapabilities),
          paused: true,
        });
        consumers.push(consumer);
        const codec = consumer.rtpParameters.codecs[0]!;
        streams.push({
          kind: consumer.kind,
          port,
          payloadType: codec.payloadType,
          mimeType: codec.mimeType,
          clockRate: codec.clockRate,
          channels: codec.channels,
          parameters: codec.parameters,
        });
      }
      const sdp = sdpPath(directory, number);
      await writeFile(sdp, createRecordingSdp({ ip: this.listenIp, streams }));

      ffmpeg = spawn(this.options.ffmpegPath ?? 'ffmpeg', this.ffmpegArgs(sdp, number), {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      const exited = this.watchExit(number, ffmpeg);
      await waitForUdpPorts(
        streams.map((stream) => stream.port),
        exited.then((exit) => `ffmpeg (${exit.code ?? exit.signal}): ${exit.stderrTail.join(' | ')}`),
        LISTEN_TIMEOUT_MS,
      );
      const run: Run = { number, transports, consumers, ffmpeg, exited, startedAt: Date.now() };
      await this.resumeTogether(run);
      // ffmpeg's clock starts with the first packets, which flow from here (the picture's first keyframe on).
      run.startedAt = Date.now();
      this.startTimes.set(number, run.startedAt);
      run.keyFrameTimer = setInterval(() => this.requestKeyFrames(run), this.segmentSeconds * 1000);
      this.logger.info({ run: number, pid: ffmpeg.pid, ports: streams.map((stream) => stream.port) }, 'ffmpeg recording');
      return run;
    } catch (error) {
      // Not a normal end: this ffmpeg never recorded anything worth a graceful close.
      if (ffmpeg && ffmpeg.exitCode === null && ffmpeg.signalCode === null) ffmpeg.kill('SIGTERM');
      for (const transport of transports) transport.close();
      throw error;
    }
  }

  private ffmpegArgs(sdp: string, run: number): string[] {
    const { directory } = this.options;
    return [
      '-hide_banner',
      '-loglevel', 'warning',
      '-nostats',
      '-protocol_whitelist', 'file,udp,rtp',
      '-i', sdp,
      '-map', '0',
      '-c', 'copy',
      '-f', 'segment',
      '-segment_time', String(this.segmentSeconds),
      // Audio alone is cut on time exactly: every Opus packet starts a frame.
      ...(this.options.producers.some((producer) => producer.kind === 'video')
        ? ['-segment_time_delta', String(SEGMENT_TIME_DELTA_SECONDS)]
        : []),
      '-segment_format', 'webm',
      '-segment_format_options', SEGMENT_MUXER_OPTIONS,
      // Each segment plays on its own from 0; where it sits in the run is in the list.
      '-reset_timestamps', '1',
      '-segment_list', segmentListPath(directory, run),
      '-segment_list_type', 'csv',
      segmentPattern(directory, run),
    ];
  }

  private watchExit(run: number, ffmpeg: FfmpegProcess): Promise<FfmpegExit> {
    const tail: string[] = [];
    let partial = '';
    ffmpeg.stderr.setEncoding('utf8');
    ffmpeg.stderr.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        this.logger.debug({ run, pid: ffmpeg.pid, line }, 'ffmpeg');
        tail.push(line);
        if (tail.length > STDERR_TAIL_LINES) tail.shift();
      }
    });
    // ffmpeg may already be gone when 'q' is written.
    ffmpeg.stdin.on('error', () => undefined);
    return new Promise((resolve) => {
      ffmpeg.once('error', (error) => {
        // Spawning failed (no such binary): there will be no 'close' with a code.
        if (ffmpeg.pid === undefined) resolve({ run, pid: -1, code: null, signal: null, stderrTail: [error.message] });
      });
      ffmpeg.once('close', (code, signal) => {
        if (partial) tail.push(partial);
        resolve({ run, pid: ffmpeg.pid ?? -1, code, signal, stderrTail: tail });
      });
    });
  }

  /**
   * Picture first, then sound: a resumed video consumer forwards nothing
   * until a keyframe, while audio flows at once. Started together, ffmpeg
   * would put both first packets at 0 and realign them at the first RTCP
   * report, which leaves a jump of up to a second in the first segment (the
   * recording-cost benchmark saw it in 18 of 20 recordings). So audio waits
   * for the first keyframe forwarded, or for a short time if none comes.
   */
  private async resumeTogether(run: Run): Promise<void> {
    const video = run.consumers.filter((consumer) => consumer.kind === 'video');
    const audio = run.consumers.filter((consumer) => consumer.kind === 'audio');
    if (video.length > 0 && audio.length > 0) {
      const firstKeyFrame = Promise.race(video.map((consumer) => keyFrameForwarded(consumer)));
      for (const consumer of video) await consumer.resume();
      this.requestKeyFrames(run);
      await Promise.race([firstKeyFrame, delay(KEY_FRAME_WAIT_MS)]);
      for (const consumer of video) void consumer.enableTraceEvent([]).catch(() => undefined);
      for (const consumer of audio) await consumer.resume();
      return;
    }
    for (const consumer of run.consumers) await consumer.resume();
    this.requestKeyFrames(run);
  }

  private requestKeyFrames(run: Run): void {
    for (const consumer of run.consumers) {
      if (consumer.kind !== 'video' || consumer.closed) continue;
      consumer.requestKeyFrame().catch((error: unknown) => this.logger.debug({ err: error }, 'key frame request failed'));
    }
  }

  /**
   * Watches the current run once the capture is recording with it. Attached
   * only then, so that an ffmpeg that died while its run was being set up is
   * still seen (its exit has already settled and is handled at once).
   */
  private supervise(run: Run): void {
    void run.exited.then((exit) => this.handleExit(run, exit, Date.now() - run.startedAt));
  }

  private handleExit(run: Run, exit: FfmpegExit, lastedMs: number): void {
    if (this.current !== run || this.currentState !== 'recording') return;
    this.logger.error(exit, 'ffmpeg exited while recording; restarting into a new run');
    this.closeRun(run);
    void this.removeEmptyLeftover(run.number);
    this.current = undefined;
    this.currentState = 'restarting';
    this.quickFailures = lastedMs >= HEALTHY_RUN_MS ? 1 : this.quickFailures + 1;
    for (const listener of this.exitedListeners) listener(exit);
    this.transition = this.restart();
  }

  /**
   * A segment ffmpeg had just opened when it died may hold no byte at all:
   * it is not a recording of anything, so it is not left to look like one.
   * Anything with content is kept, however short.
   */
  private async removeEmptyLeftover(run: number): Promise<void> {
    try {
      const unfinished = (await this.segments()).filter((segment) => segment.run === run && !segment.isComplete);
      for (const segment of unfinished) {
        if ((await stat(segment.path)).size === 0) await unlink(segment.path);
      }
    } catch (error) {
      this.logger.warn({ err: error, run }, 'could not check the unfinished segment of a dead ffmpeg');
    }
  }

  private async restart(): Promise<void> {
    while (this.currentState === 'restarting') {
      // A first crash restarts at once (every second lost is recording lost);
      // an ffmpeg that keeps dying is given exponentially more time.
      if (this.quickFailures > 1) {
        const delay = Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (this.quickFailures - 1));
        await abortableDelay(delay, this.restartBackoff.signal);
        if (this.currentState !== 'restarting') return;
      }
      try {
        this.current = await this.startRunWithRetries();
      } catch (error) {
        this.quickFailures += 1;
        this.logger.error({ err: error, failures: this.quickFailures }, 'ffmpeg restart failed; trying again');
        continue;
      }
      // A stop() during the restart stops this run once the transition settles.
      if (this.currentState !== 'restarting') return;
      this.currentState = 'recording';
      this.supervise(this.current);
      for (const listener of this.restartedListeners) listener(this.current.number);
      return;
    }
  }

  private async stopRun(run: Run): Promise<FfmpegExit> {
    clearInterval(run.keyFrameTimer);
    const { ffmpeg } = run;
    if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
      ffmpeg.stdin.end('q');
      const timedOut = Symbol('timedOut');
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        run.exited,
        new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), this.stopTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (outcome === timedOut) {
        this.logger.warn({ run: run.number, pid: ffmpeg.pid }, 'ffmpeg ignored q; sending SIGTERM');
        ffmpeg.kill('SIGTERM');
      }
    }
    const exit = await run.exited;
    this.logger.info({ run: exit.run, code: exit.code, signal: exit.signal }, 'ffmpeg stopped');
    this.closeRun(run);
    return exit;
  }

  private closeRun(run: Run): void {
    clearInterval(run.keyFrameTimer);
    for (const transport of run.transports) transport.close();
  }
}

/**
 * What the recorder accepts: the router's codecs without RTX (ffmpeg sends no
 * NACKs) and without bandwidth estimation (no receiver feedback, so the
 * transport would only add probation padding), and no header extensions.
 */
function recorderCapabilities(capabilities: types.RtpCapabilities): types.RtpCapabilities {
  const estimation = new Set(['transport-cc', 'goog-remb']);
  return {
    codecs: capabilities.codecs
      ?.filter((codec) => !codec.mimeType.toLowerCase().endsWith('/rtx'))
      .map((codec) => ({ ...codec, rtcpFeedback: codec.rtcpFeedback?.filter((feedback) => !estimation.has(feedback.type)) })),
    headerExtensions: [],
  };
}

/** Resolves when the consumer forwards its first keyframe (trace events are turned on for it here). */
function keyFrameForwarded(consumer: types.Consumer): Promise<void> {
  return new Promise((resolve) => {
    const onTrace = (trace: types.ConsumerTraceEventData) => {
      if (trace.type !== 'keyframe' || trace.direction !== 'out') return;
      consumer.off('trace', onTrace);
      resolve();
    };
    consumer.on('trace', onTrace);
    consumer.enableTraceEvent(['keyframe']).catch(() => resolve());
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
