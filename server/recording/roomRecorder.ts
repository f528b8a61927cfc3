import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { types } from 'mediasoup';
import { AppError } from '../../shared/errors.js';
import type { RecordingStatus } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type { MediaSource } from '../../shared/mediaSources.js';
import type { RecordedEntry } from '../../shared/timeline.js';
import type { RecordingRepository } from '../db/recordingRepository.js';
import type { Logger } from '../logger.js';
import type { Peer } from '../media/peer.js';
import type { Room } from '../media/room.js';
import { captureDirsOf, captureSegments, ffprobeBeside, writeCaptureInfo } from './captureSegments.js';
import { captureDirName, recordingDir } from './recordingFiles.js';
import {
  captureFailed,
  captureRestarted,
  captureStarted,
  mayRestartCapture,
  requestRecording,
  stopRecording,
  captureStopped,
  type RecordingState,
} from './recordingSession.js';
import { RtpCapture } from './rtpCapture.js';
import { TimelineTracker, type RoomEvent } from './timelineTracker.js';

/** What one capture records together: a person's camera and microphone, or their screen share and its sound. */
const CAPTURE_GROUPS: Record<'main' | 'screen', readonly MediaSource[]> = {
  main: ['camera', 'microphone'],
  screen: ['screen', 'screen-audio'],
};

/** Events after which what is captured may have to change (someone on or off stage, a track on, off, muted). */
const CAPTURE_EVENTS = new Set<RoomEvent['event']>([
  'peer:joined',
  'peer:updated',
  'peer:left',
  'peers:changed',
  'producer:added',
  'producer:closed',
  'producer:paused',
  'producer:resumed',
]);

/** Tracks switched on together (camera and microphone) make one capture, not a capture and a restart. */
const RECONCILE_DELAY_MS = 300;
/** Timeline entries are written in batches at most this often. */
const TIMELINE_FLUSH_MS = 1_000;

export interface RoomRecorderDeps {
  recordings: RecordingRepository;
  recordingsDir: string;
  ffmpegPath: string;
  logger: Logger;
  /** Tells everyone in the session how the recording stands (null: not recording any more); who opted out is the service's to tell. */
  announce(status: RecordingStatus | null, by: string | null): void;
  /** The recording is over (complete or failed) and every file is closed. */
  onFinished(recorder: RoomRecorder): void;
}

interface ActiveCapture {
  capture: RtpCapture;
  /** The producers it records, by id: a different set means a new capture. */
  producerIds: string;
}

/**
 * One recording of one session, on the process that holds the session's
 * room. It follows the room: one {@link RtpCapture} per person on stage (and
 * one per screen share), started, replaced and stopped as people and tracks
 * come and go; it writes the timeline from what the audience saw, keeps the
 * state machine (recordingSession.ts) persisted, and lists the closed files
 * in the database as they are written.
 *
 * Its work on captures is serialised (one reconcile at a time), so a burst
 * of stage changes never starts two captures of the same tracks.
 */
export class RoomRecorder {
  private room: Room | null;
  private state: RecordingState;
  /** Wall-clock zero of the timeline and of every file's position. */
  private zero = 0;
  private readonly captures = new Map<string, ActiveCapture>();
  private readonly stoppingCaptures = new Set<Promise<unknown>>();
  private captureCount = 0;
  /** Files already listed in the database (closed, so final). */
  private readonly savedSegments = new Set<string>();
  private readonly tracker: TimelineTracker;
  private pending: RecordedEntry[] = [];
  private nextSeq = 0;
  private flushing: Promise<void> = Promise.resolve();
  private persisting: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private work: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  private readonly logger: Logger;

  private constructor(
    readonly recordingId: string,
    readonly roomId: RoomId,
    room: Room,
    state: RecordingState,
    private readonly optedOut: ReadonlySet<string>,
    private readonly deps: RoomRecorderDeps,
  ) {
    this.room = room;
    this.state = state;
    this.tracker = new TimelineTracker((userId) => optedOut.has(userId));
    this.logger = deps.logger.child({ recordingId, roomId: room.id });
  }

  /**
   * A new recording of a room, on record (so a crash from here on is found
   * at the next start-up) and announced as starting; {@link begin} starts
   * the captures. `optedOut` is the session's live set of people who asked
   * not to be recorded.
   */
  static async create(
    deps: RoomRecorderDeps,
    room: Room,
    requestedBy: { userId: string; displayName: string } | null,
    optedOut: ReadonlySet<string>,
  ): Promise<RoomRecorder> {
    const now = Date.now();
    const state = requestRecording(now);
    // Who had opted out before it started is on its record from its first write.
    const record = await deps.recordings.create(room.id, requestedBy?.userId ?? null, state, now, [...optedOut]);
    const recorder = new RoomRecorder(record.id, room.id, room, state, optedOut, deps);
    deps.announce(recorder.status(), requestedBy?.displayName ?? null);
    return recorder;
  }

  get isRecording(): boolean {
    return this.state.name === 'recording';
  }

  /** How everyone sees it (nobody's opt-out in it), or null once it is over. */
  status(): RecordingStatus | null {
    const { state } = this;
    if (state.name !== 'starting' && state.name !== 'recording' && state.name !== 'stopping') return null;
    return { recordingId: this.recordingId, state: state.name, startedAt: state.name === 'starting' ? null : state.startedAt };
  }

  /** Something the session's audience saw. */
  observe(room: RoomEvent): void {
    if (this.state.name !== 'recording') return;
    this.addEntries(this.tracker.observe(room, this.now()));
    if (CAPTURE_EVENTS.has(room.event)) this.scheduleReconcile();
  }

  /** Someone asked not to be recorded (or allowed it again): their tracks stop (or start) being captured. */
  optOutChanged(userId: string): void {
    if (this.state.name !== 'recording') return;
    this.addEntries(this.tracker.optOutChanged(userId, this.now()));
    this.scheduleReconcile();
  }

  /**
   * Puts on record that these people asked not to be recorded during this
   * recording: the replay leaves out all their chat and questions, also what
   * they wrote before or after (see replayTimeline.ts).
   */
  noteOptedOut(userIds: readonly string[]): Promise<void> {
    return this.deps.recordings.addOptedOut(this.recordingId, userIds);
  }

  markChapter(title: string): { title: string; at: number } {
    if (this.state.name !== 'recording') throw new AppError('CONFLICT', 'the session is not being recorded');
    const at = this.now();
    this.addEntries([{ at, kind: 'chapter', title }]);
    return { title, at };
  }

  /** The room closed under the recording: nobody is captured until it opens again (see {@link attach}). */
  detach(): void {
    this.room = null;
    if (this.state.name !== 'recording') return;
    this.addEntries(this.tracker.roomClosed(this.now()));
    this.scheduleReconcile(0);
  }

  /** The session's room opened again (people came back from buzz groups, or after a worker died). */
  attach(room: Room): void {
    this.room = room;
    this.scheduleReconcile(0);
  }

  get isDetached(): boolean {
    return this.room === null;
  }

  /** A buzz round is running in the session (its room may empty without the session being over). */
  get isBuzzRunning(): boolean {
    return this.tracker.buzzRunning;
  }

  /** Tells the database this process still runs it, and lists the files closed since the last time. */
  async keepAlive(): Promise<void> {
    await this.syncSegments();
  }

  /**
   * Ends it: every ffmpeg is asked to finish (never killed), the last files
   * and timeline entries are stored, and the state becomes complete (or
   * failed if nothing was ever captured). Safe to call more than once.
   */
  stop(by: string | null): Promise<void> {
    this.stopped ??= this.finish(by);
    return this.stopped;
  }

  /** Captures everyone on stage from now on: the timeline's zero. Fails (and ends the recording) if no track could be captured. */
  async begin(by: string | null): Promise<void> {
    const room = this.room!;
    // Anyone who opted out since it was created (they were not on its record yet); later ones are noted as they do.
    this.noteOptedOut([...this.optedOut]).catch((error: unknown) =>
      this.logger.error({ err: error }, 'who asked not to be recorded was not put on record'),
    );
    this.zero = Date.now();
    this.addEntries(
      this.tracker.begin(
        room.peerList().filter((peer) => !room.isGuest(peer)).map((peer) => room.describe(peer)),
        room.activeSpeakerId,
        0,
      ),
    );
    // `recording` before the first reconcile, so a stage change meanwhile is seen.
    const starting = this.state;
    this.state = captureStarted(starting, this.zero);
    const wanted = this.wantedCaptures().size;
    await this.reconcileNow();
    if (wanted > 0 && this.captures.size === 0) {
      this.state = captureFailed(starting, Date.now(), 'no track could be captured');
      await this.persist();
      this.deps.announce(null, by);
      this.deps.onFinished(this);
      throw new AppError('UNAVAILABLE', 'the recording could not start; try again');
    }
    await this.persist();
    this.deps.announce(this.status(), by);
  }

  private async finish(by: string | null): Promise<void> {
    if (this.state.name === 'recording' || this.state.name === 'starting') {
      this.state = stopRecording(this.state, Date.now());
      await this.persist();
      this.deps.announce(this.status(), by);
    }
    clearTimeout(this.reconcileTimer);
    await this.work;
    const captures = [...this.captures.values()];
    this.captures.clear();
    await Promise.all([...captures.map((active) => this.stopCapture(active)), ...this.stoppingCaptures]);
    clearTimeout(this.flushTimer);
    await this.flush();
    // Every ffmpeg has exited: a file still unlisted is one an ffmpeg was writing when it died (then restarted).
    await this.syncSegments({ withLeftovers: true });
    if (this.state.name === 'stopping') {
      this.state = captureStopped(this.state, Date.now());
      await this.persist();
    }
    this.logger.info({ state: this.state.name, captures: this.captureCount }, 'recording finished');
    this.deps.announce(null, by);
    this.deps.onFinished(this);
  }

  private now(): number {
    return Math.max(0, Date.now() - this.zero);
  }

  private addEntries(entries: RecordedEntry[]): void {
    if (entries.length === 0) return;
    this.pending.push(...entries);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, TIMELINE_FLUSH_MS);
  }

  /** Writes what is pending, in order (one write at a time). */
  private flush(): Promise<void> {
    const entries = this.pending;
    this.pending = [];
    if (entries.length === 0) return this.flushing;
    const firstSeq = this.nextSeq;
    this.nextSeq += entries.length;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.deps.recordings.appendTimeline(this.recordingId, firstSeq, entries);
      } catch (error) {
        this.logger.error({ err: error, entries: entries.length }, 'timeline entries not stored');
      }
    });
    return this.flushing;
  }

  /**
   * Stores the state as it is when the write runs, one write at a time: a
   * heartbeat's write of `stopping` can never land after `complete`, which
   * would leave the recording to be found unfinished and marked partial.
   */
  private persist(): Promise<void> {
    this.persisting = this.persisting.then(() =>
      this.deps.recordings.save(this.recordingId, this.state, Date.now()).catch((error: unknown) => {
        this.logger.error({ err: error, state: this.state.name }, 'recording state not stored');
      }),
    );
    return this.persisting;
  }

  private scheduleReconcile(delayMs = RECONCILE_DELAY_MS): void {
    clearTimeout(this.reconcileTimer);
    this.reconcileTimer = setTimeout(() => void this.reconcileNow(), delayMs);
  }

  /** Brings the captures in line with the room, one reconcile at a time. */
  private reconcileNow(): Promise<void> {
    this.work = this.work.then(() => this.reconcile()).catch((error: unknown) => {
      this.logger.error({ err: error }, 'captures not brought in line with the room');
    });
    return this.work;
  }

  /** The captures the room calls for now: key → the person and the tracks. */
  private wantedCaptures(): Map<string, { peer: Peer; sources: MediaSource[]; producers: types.Producer[] }> {
    const wanted = new Map<string, { peer: Peer; sources: MediaSource[]; producers: types.Producer[] }>();
    const room = this.room;
    if (!room?.isOpen || this.state.name !== 'recording') return wanted;
    for (const peer of room.peerList()) {
      if (room.isGuest(peer) || room.actorOf(peer).seat !== 'stage' || this.optedOut.has(peer.identity.userId)) continue;
      for (const [group, sources] of Object.entries(CAPTURE_GROUPS)) {
        // A muted microphone sends nothing: capturing it would only make ffmpeg time out.
        const live = peer.producersOf(sources).filter(({ producer }) => !producer.closed && !producer.paused);
        if (live.length === 0) continue;
        wanted.set(`${peer.id}:${group}`, {
          peer,
          sources: live.map(({ info }) => info.source),
          producers: live.map(({ producer }) => producer),
        });
      }
    }
    return wanted;
  }

  private async reconcile(): Promise<void> {
    const wanted = this.wantedCaptures();
    for (const [key, active] of this.captures) {
      const want = wanted.get(key);
      if (want && idsOf(want.producers) === active.producerIds) continue;
      this.captures.delete(key);
      const stopping = this.stopCapture(active);
      this.stoppingCaptures.add(stopping);
      void stopping.finally(() => this.stoppingCaptures.delete(stopping));
    }
    for (const [key, want] of wanted) {
      if (this.captures.has(key)) continue;
      try {
        this.captures.set(key, await this.startCapture(want.peer, want.sources, want.producers));
      } catch (error) {
        this.logger.error({ err: error, peerId: want.peer.id, sources: want.sources }, 'could not start capturing');
      }
    }
  }

  private async startCapture(peer: Peer, sources: MediaSource[], producers: types.Producer[]): Promise<ActiveCapture> {
    const name = captureDirName(++this.captureCount);
    const directory = path.join(recordingDir(this.deps.recordingsDir, this.recordingId), name);
    await mkdir(directory, { recursive: true });
    const info = { peerId: peer.id, displayName: peer.identity.displayName, sources, runs: {} as Record<string, number> };
    const capture = new RtpCapture({
      router: peer.router,
      producers,
      directory,
      logger: this.logger,
      ffmpegPath: this.deps.ffmpegPath,
    });
    const saveRuns = () => {
      info.runs = Object.fromEntries([...capture.runStarts].map(([run, at]) => [String(run), at]));
      return writeCaptureInfo(directory, info);
    };
    await writeCaptureInfo(directory, info);
    await capture.start();
    await saveRuns();
    capture.onRestarted(() => {
      void saveRuns().catch((error: unknown) => this.logger.error({ err: error }, 'capture runs not stored'));
      this.captureRestarted();
    });
    // The library lists who was actually recorded, not everyone who sat on stage.
    void this.deps.recordings
      .addSpeaker(this.recordingId, peer.identity.displayName)
      .catch((error: unknown) => this.logger.error({ err: error }, 'speaker not listed'));
    this.logger.info({ capture: name, peerId: peer.id, sources }, 'capturing');
    return { capture, producerIds: idsOf(producers) };
  }

  private async stopCapture(active: ActiveCapture): Promise<void> {
    try {
      await active.capture.stop();
    } catch (error) {
      this.logger.error({ err: error }, 'a capture did not stop cleanly');
    }
  }

  /** ffmpeg died and came back in a new run: counted; one that keeps dying ends the recording. */
  private captureRestarted(): void {
    if (this.state.name !== 'recording') return;
    this.state = captureRestarted(this.state);
    void this.persist();
    if (!mayRestartCapture(this.state)) {
      this.logger.error({ restarts: this.state.name === 'recording' ? this.state.restarts : null }, 'the capture keeps failing; stopping the recording');
      void this.stop(null);
    }
  }

  /**
   * Lists every closed file of every capture in the database (and renews
   * the heartbeat with the state). `withLeftovers`, once no ffmpeg runs any
   * more: also the files a killed ffmpeg left unfinished, kept if they play
   * (deleted if not), so that no file is left without its row.
   */
  private async syncSegments({ withLeftovers = false } = {}): Promise<void> {
    try {
      const directory = recordingDir(this.deps.recordingsDir, this.recordingId);
      const ffprobePathForOpenSegments = withLeftovers ? ffprobeBeside(this.deps.ffmpegPath) : undefined;
      const records = (
        await Promise.all(
          (await captureDirsOf(directory)).map((capture) =>
            captureSegments({ recordingDirectory: directory, capture, recordingStartedAt: this.zero, ffprobePathForOpenSegments }),
          ),
        )
      ).flat();
      // Closed files do not change: each is written once, not again at every heartbeat of a long session.
      const fresh = records.filter((record) => !this.savedSegments.has(record.fileName));
      await this.deps.recordings.saveSegments(this.recordingId, fresh);
      for (const record of fresh) this.savedSegments.add(record.fileName);
      if (this.state.name === 'recording' || this.state.name === 'stopping') await this.persist();
    } catch (error) {
      this.logger.error({ err: error }, 'recorded files not listed');
    }
  }
}

function idsOf(producers: readonly types.Producer[]): string {
  return producers
    .map((producer) => producer.id)
    .sort()
    .join(',');
}
