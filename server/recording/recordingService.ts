import { AppError } from '../../shared/errors.js';
import type { RecordingStatus } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import { hasPermission, type Actor } from '../auth/permissions.js';
import type { RecordingRepository } from '../db/recordingRepository.js';
import type { Logger } from '../logger.js';
import type { Room, RoomCloseReason } from '../media/room.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { Membership } from '../realtime/session.js';
import { HEARTBEAT_EVERY_MS } from './abandonedRecordings.js';
import { RoomRecorder } from './roomRecorder.js';
import type { RoomEvent } from './timelineTracker.js';

/** A session whose room emptied after its buzz groups ended (or whose worker died) is over if nobody is back by then. */
const COME_BACK_MS = 60_000;

export interface RecordingServiceDeps {
  recordings: RecordingRepository;
  recordingsDir: string;
  ffmpegPath: string;
  /** Whether a session records by itself when it goes live (its room's controls). */
  autoRecordOf(roomId: RoomId): Promise<boolean>;
  broadcastTo(roomId: RoomId): RoomBroadcast;
  logger: Logger;
  /** A recording ended with its files closed: packaging may take it. */
  onFinished?(recordingId: string): void;
}

/**
 * The recordings this process runs, one per session at most: moderators
 * start and stop them, sessions set to record automatically start as they
 * open, and each recording hears what its session's audience saw (through
 * the broadcast tap in app.ts).
 *
 * Only a session's main room is recorded; its buzz groups are the
 * participants' own small conversations (the timeline marks their period).
 */
export class RecordingService {
  private readonly recorders = new Map<RoomId, RoomRecorder>();
  private readonly starting = new Set<RoomId>();
  /** Per session, who asked not to be recorded (kept while the room is open, recording or not). */
  private readonly optedOut = new Map<RoomId, Set<string>>();
  private readonly comeBackTimers = new Map<RoomId, NodeJS.Timeout>();
  private readonly heartbeat: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly deps: RecordingServiceDeps) {
    this.heartbeat = setInterval(() => void this.keepAlive(), HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
  }

  /**
   * The session's recording as one person is told of it (their join
   * snapshot, their own opt-out's answer): whether they asked not to be
   * recorded, and for moderators who did. Nobody else learns anyone's choice:
   * asking not to be recorded can itself say something about a person.
   */
  statusFor(sessionId: RoomId, userId: string, actor: Actor): RecordingStatus | null {
    const status = this.recorders.get(sessionId)?.status();
    return status ? this.personalise(status, sessionId, userId, actor) : null;
  }

  async start(membership: Membership): Promise<RecordingStatus> {
    const room = this.sessionRoom(membership);
    const { userId, displayName } = membership.peer.identity;
    const recorder = await this.begin(room, { userId, displayName });
    return this.personalise(recorder.status()!, room.id, userId, room.actorOf(membership.peer));
  }

  async stop(membership: Membership): Promise<void> {
    const room = this.sessionRoom(membership);
    const recorder = this.recorders.get(room.id);
    if (!recorder) throw new AppError('CONFLICT', 'the session is not being recorded');
    await recorder.stop(membership.peer.identity.displayName);
  }

  async optOut(membership: Membership, isOptedOut: boolean): Promise<RecordingStatus | null> {
    const sessionId = membership.room.sessionId;
    const { userId } = membership.peer.identity;
    // On the recording's record before it takes effect: if that fails, nothing changed and they are told.
    if (isOptedOut) await this.recorders.get(sessionId)?.noteOptedOut([userId]);
    const people = this.optedOutOf(sessionId);
    const changed = isOptedOut ? !people.has(userId) : people.has(userId);
    if (isOptedOut) people.add(userId);
    else people.delete(userId);
    const recorder = this.recorders.get(sessionId);
    if (changed && recorder) {
      recorder.optOutChanged(userId);
      // Only the moderators hear of it; the audience's view of the recording has not changed.
      const status = recorder.status();
      const recording = status && this.forModerators(sessionId, status);
      if (recording) this.deps.broadcastTo(sessionId).toModerators('recording:changed', { recording, by: null });
    }
    return this.statusFor(sessionId, userId, membership.room.actorOf(membership.peer));
  }

  markChapter(membership: Membership, title: string): { title: string; at: number } {
    const room = this.sessionRoom(membership);
    const recorder = this.recorders.get(room.id);
    if (!recorder) throw new AppError('CONFLICT', 'the session is not being recorded');
    return recorder.markChapter(title);
  }

  /** Something a room's audience saw (the broadcast tap). */
  observe(roomId: RoomId, room: RoomEvent): void {
    const recorder = this.recorders.get(roomId);
    if (!recorder) return;
    recorder.observe(room);
    // Everyone is back in the main room, or will not be: an emptied session does not wait for ever.
    if (room.event === 'buzz:ended' && recorder.isDetached) this.waitForComeBack(recorder);
  }

  /** A room opened (RoomRegistry): a recording waiting for its session picks it up; a session set to do so starts one. */
  roomOpened(room: Room): void {
    if (room.group || this.closing) return;
    room.onClose((reason) => this.roomClosed(room, reason));
    const recorder = this.recorders.get(room.id);
    if (recorder?.isRecording) {
      clearTimeout(this.comeBackTimers.get(room.id));
      this.comeBackTimers.delete(room.id);
      recorder.attach(room);
      return;
    }
    // A recording still finishing (the room emptied a moment ago) ends first; this opening is a new session.
    void (recorder?.stop(null) ?? Promise.resolve())
      .then(() => this.deps.autoRecordOf(room.id))
      .then(async (isAuto) => {
        if (isAuto && room.isOpen && !this.recorders.has(room.id) && !this.closing) await this.begin(room, null);
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error, roomId: room.id }, 'automatic recording did not start'));
  }

  /** Shutdown: every recording ends properly (ffmpeg finishes its files) before rooms close. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const timer of this.comeBackTimers.values()) clearTimeout(timer);
    await Promise.all([...this.recorders.values()].map((recorder) => recorder.stop(null)));
  }

  private async begin(room: Room, requestedBy: { userId: string; displayName: string } | null): Promise<RoomRecorder> {
    // Claimed before the first await: a second start while this one sets up is refused, not doubled.
    if (this.recorders.has(room.id) || this.starting.has(room.id)) {
      throw new AppError('CONFLICT', 'the session is already being recorded');
    }
    this.starting.add(room.id);
    const people = this.optedOutOf(room.id);
    const broadcast = this.deps.broadcastTo(room.id);
    let recorder: RoomRecorder;
    try {
      recorder = await RoomRecorder.create(
        {
          recordings: this.deps.recordings,
          recordingsDir: this.deps.recordingsDir,
          ffmpegPath: this.deps.ffmpegPath,
          logger: this.deps.logger,
          announce: (recording, by) => {
            // The audience hears how the recording stands; the moderators also who opted out.
            broadcast.toAudienceExcept(null, 'recording:changed', { recording, by });
            broadcast.toModerators('recording:changed', { recording: recording && this.forModerators(room.id, recording), by });
          },
          onFinished: (finished) => {
            if (this.recorders.get(room.id) === finished) this.recorders.delete(room.id);
            this.deps.onFinished?.(finished.recordingId);
          },
        },
        room,
        requestedBy,
        people,
      );
    } finally {
      this.starting.delete(room.id);
    }
    // Listed before it captures anything, so what happens in the room meanwhile reaches it.
    this.recorders.set(room.id, recorder);
    await recorder.begin(requestedBy?.displayName ?? null);
    // The room may have closed while the recording set up (its close was not this recording's to hear yet).
    if (!room.isOpen) this.roomClosed(room, 'empty');
    return recorder;
  }

  private roomClosed(room: Room, reason: RoomCloseReason): void {
    const recorder = this.recorders.get(room.id);
    if (!recorder) {
      if (reason === 'empty') this.optedOut.delete(room.id);
      return;
    }
    if (reason === 'shutdown') return; // close() stops it.
    recorder.detach();
    if (reason === 'worker-died' || !recorder.isBuzzRunning) {
      // Everyone left: the session is over, unless a worker died (everyone rejoins at once).
      if (reason === 'empty') {
        void recorder.stop(null);
        // As when it was not recording: the next time the session opens, everyone starts recordable.
        this.optedOut.delete(room.id);
      } else {
        this.waitForComeBack(recorder);
      }
    }
  }

  private waitForComeBack(recorder: RoomRecorder): void {
    clearTimeout(this.comeBackTimers.get(recorder.roomId));
    const timer = setTimeout(() => {
      this.comeBackTimers.delete(recorder.roomId);
      if (recorder.isDetached) void recorder.stop(null);
    }, COME_BACK_MS);
    timer.unref();
    this.comeBackTimers.set(recorder.roomId, timer);
  }

  private async keepAlive(): Promise<void> {
    const recorders = [...this.recorders.values()];
    if (recorders.length === 0) return;
    await this.deps.recordings
      .renewHeartbeats(recorders.map((recorder) => recorder.recordingId), Date.now())
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'recording heartbeats not renewed'));
    for (const recorder of recorders) await recorder.keepAlive();
  }

  private personalise(status: RecordingStatus, sessionId: RoomId, userId: string, actor: Actor): RecordingStatus {
    const mine = { ...status, isOptedOut: this.optedOutOf(sessionId).has(userId) };
    return hasPermission(actor, 'moderate') ? this.forModerators(sessionId, mine) : mine;
  }

  private forModerators(sessionId: RoomId, status: RecordingStatus): RecordingStatus {
    return { ...status, optedOut: [...this.optedOutOf(sessionId)] };
  }

  /** The session's live set of people who asked not to be recorded (its recorder reads the same set). */
  private optedOutOf(sessionId: RoomId): Set<string> {
    let people = this.optedOut.get(sessionId);
    if (!people) {
      people = new Set();
      this.optedOut.set(sessionId, people);
    }
    return people;
  }

  /** The session's main room, where recording happens; a buzz group's room cannot be recorded. */
  private sessionRoom(membership: Membership): Room {
    if (membership.room.group) throw new AppError('CONFLICT', 'recordings are made in the main session, not in a buzz group');
    return membership.room;
  }
}
