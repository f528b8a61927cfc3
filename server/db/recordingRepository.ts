import type { QuestionStatus } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import type { RecordedEntry } from '../../shared/timeline.js';
import type { ReplaySources } from '../recording/replayTimeline.js';
import type { RecordingState, RecordingStateName } from '../recording/recordingSession.js';
import type { PrismaClient } from './generated/client.js';

export interface RecordingRecord {
  id: string;
  roomId: string;
  state: RecordingState;
}

/** One file of one person's tracks, as stored (times in ms from the recording's start). */
export interface SegmentRecord {
  peerId: string;
  displayName: string;
  /** What the file holds: ["microphone", "camera"], ["screen", "screen-audio"], … */
  sources: string[];
  /** Relative to the recording's directory (see recordingFiles.ts). */
  fileName: string;
  startMs: number;
  /** Null while the file is being written. */
  endMs: number | null;
  bytes: number | null;
}

/** Recordings as stored: their state (see recordingSession.ts), kept as it changes. */
export interface RecordingRepository {
  /** `optedOut`: who had asked not to be recorded when it was asked for. */
  create(roomId: string, requestedBy: string | null, state: RecordingState, now: number, optedOut?: readonly string[]): Promise<RecordingRecord>;
  /** Writes a new state, and renews the heartbeat while it is unfinished. */
  save(id: string, state: RecordingState, now: number): Promise<void>;
  /** Tells other processes the recordings this one runs are alive. */
  renewHeartbeats(ids: readonly string[], now: number): Promise<void>;
  /** Unfinished recordings whose process has not been heard of since `before`: it died. */
  abandoned(before: number): Promise<RecordingRecord[]>;
  /** When the last closed file of a recording ends (ms since the epoch), if any was closed. */
  lastWrittenAt(id: string): Promise<number | null>;
  /** Adds files, or completes ones already stored (same file name): safe to repeat. */
  saveSegments(id: string, segments: readonly SegmentRecord[]): Promise<void>;
  /** Every file of a recording, in order of start. */
  segments(id: string): Promise<SegmentRecord[]>;
  /** Appends to the timeline; `firstSeq` is the sequence number of the first entry (the writer keeps count). */
  appendTimeline(id: string, firstSeq: number, entries: readonly RecordedEntry[]): Promise<void>;
  /** The whole timeline as stored, in order. */
  timeline(id: string): Promise<RecordedEntry[]>;
  /**
   * The timeline with the rows of the room chat messages and questions it
   * names, as they stand now, and who opted out: what the replay is made of
   * (replayTimeline.ts).
   */
  replaySources(id: string): Promise<ReplaySources>;
  /** Adds a display name to the recording's speakers, once. */
  addSpeaker(id: string, displayName: string): Promise<void>;
  /** Notes people who asked not to be recorded during it, each once. */
  addOptedOut(id: string, userIds: readonly string[]): Promise<void>;
}

const UNFINISHED: RecordingStateName[] = ['starting', 'recording', 'stopping'];

type Row = {
  id: string;
  roomId: string;
  state: string;
  requestedAt: Date;
  startedAt: Date | null;
  stopRequestedAt: Date | null;
  endedAt: Date | null;
  restarts: number;
  failureReason: string | null;
};

const ms = (date: Date | null) => date?.getTime() ?? null;
const date = (time: number | null) => (time === null ? null : new Date(time));

/** The row's columns back into the state machine's value. */
function stateOf(row: Row): RecordingState {
  const startedAt = ms(row.startedAt);
  const endedAt = ms(row.endedAt);
  const name = row.state as RecordingStateName;
  switch (name) {
    case 'starting':
      return { name, requestedAt: row.requestedAt.getTime() };
    case 'recording':
      return { name, startedAt: startedAt!, restarts: row.restarts };
    case 'stopping':
      return { name, startedAt, restarts: row.restarts, stopRequestedAt: ms(row.stopRequestedAt)! };
    case 'complete':
      return { name, startedAt: startedAt!, endedAt: endedAt!, restarts: row.restarts };
    case 'failed':
      return { name, endedAt: endedAt!, reason: row.failureReason ?? '' };
    case 'partial':
      return { name, startedAt, endedAt: endedAt!, restarts: row.restarts };
  }
}

/** The state's fields as columns (those a state does not have are cleared). */
function columnsOf(state: RecordingState, now: number) {
  const isUnfinished = UNFINISHED.includes(state.name);
  return {
    state: state.name,
    startedAt: date('startedAt' in state ? state.startedAt : null),
    stopRequestedAt: date(state.name === 'stopping' ? state.stopRequestedAt : null),
    endedAt: date('endedAt' in state ? state.endedAt : null),
    restarts: 'restarts' in state ? state.restarts : 0,
    failureReason: state.name === 'failed' ? state.reason : null,
    heartbeatAt: isUnfinished ? new Date(now) : null,
  };
}

export function createRecordingRepository(prisma: PrismaClient): RecordingRepository {
  const timeline = async (id: string): Promise<RecordedEntry[]> => {
    const rows = await prisma.recordingTimelineEntry.findMany({ where: { recordingId: id }, orderBy: { seq: 'asc' } });
    return rows.map((row) => ({ ...(row.data as object), at: row.at, kind: row.kind }) as RecordedEntry);
  };

  return {
    async create(roomId, requestedBy, state, now, optedOut = []) {
      const requestedAt = state.name === 'starting' ? state.requestedAt : now;
      const row = await prisma.recording.create({
        data: { roomId, requestedBy, requestedAt: new Date(requestedAt), optedOut: [...optedOut], ...columnsOf(state, now) },
      });
      return { id: row.id, roomId: row.roomId, state: stateOf(row) };
    },

    async save(id, state, now) {
      await prisma.recording.update({ where: { id }, data: columnsOf(state, now) });
    },

    async renewHeartbeats(ids, now) {
      if (ids.length === 0) return;
      await prisma.recording.updateMany({
        where: { id: { in: [...ids] }, state: { in: UNFINISHED } },
        data: { heartbeatAt: new Date(now) },
      });
    },

    async abandoned(before) {
      const rows = await prisma.recording.findMany({
        where: { state: { in: UNFINISHED }, OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(before) } }] },
        orderBy: { requestedAt: 'asc' },
      });
      return rows.map((row) => ({ id: row.id, roomId: row.roomId, state: stateOf(row) }));
    },

    async lastWrittenAt(id) {
      const recording = await prisma.recording.findUnique({ where: { id }, select: { startedAt: true } });
      const last = await prisma.recordingSegment.aggregate({ where: { recordingId: id }, _max: { endMs: true } });
      const endMs = last._max.endMs;
      return recording?.startedAt && endMs !== null ? recording.startedAt.getTime() + endMs : null;
    },

    async saveSegments(id, segments) {
      if (segments.length === 0) return;
      await prisma.$transaction(
        segments.map((segment) =>
          prisma.recordingSegment.upsert({
            where: { recordingId_fileName: { recordingId: id, fileName: segment.fileName } },
            create: { recordingId: id, ...segment },
            update: { startMs: segment.startMs, endMs: segment.endMs, bytes: segment.bytes },
          }),
        ),
      );
    },

    async segments(id) {
      const rows = await prisma.recordingSegment.findMany({
        where: { recordingId: id },
        orderBy: [{ startMs: 'asc' }, { fileName: 'asc' }],
      });
      return rows.map(({ peerId, displayName, sources, fileName, startMs, endMs, bytes }) => ({
        peerId,
        displayName,
        sources,
        fileName,
        startMs,
        endMs,
        bytes,
      }));
    },

    async appendTimeline(id, firstSeq, entries) {
      if (entries.length === 0) return;
      await prisma.recordingTimelineEntry.createMany({
        data: entries.map(({ at, kind, ...data }, index) => ({
          recordingId: id,
          seq: firstSeq + index,
          at: Math.max(0, Math.round(at)),
          kind,
          data,
        })),
        // A batch retried after a timeout must not be written twice.
        skipDuplicates: true,
      });
    },

    timeline,

    async replaySources(id) {
      const [recording, entries] = await Promise.all([
        prisma.recording.findUnique({ where: { id }, select: { roomId: true, optedOut: true } }),
        timeline(id),
      ]);
      if (!recording) return { timeline: [], messages: [], questions: [], optedOut: [] };
      const messageIds = entries.flatMap((entry) => (entry.kind === 'chat' ? [entry.messageId] : []));
      const questionIds = entries.flatMap((entry) => (entry.kind === 'question' ? [entry.questionId] : []));
      // Only the room chat of the recording's own room, whatever ids the timeline holds.
      const [messages, questions] = await Promise.all([
        prisma.chatMessage.findMany({
          where: { id: { in: messageIds }, roomId: recording.roomId, channel: 'room' },
          select: { id: true, authorId: true, authorName: true, authorRole: true, body: true, deletedBy: true },
        }),
        prisma.question.findMany({
          where: { id: { in: questionIds }, roomId: recording.roomId },
          select: { id: true, authorId: true, authorName: true, authorRole: true, isAnonymous: true, body: true, status: true },
        }),
      ]);
      return {
        timeline: entries,
        messages: messages.map(({ id: messageId, authorId, authorName, authorRole, body, deletedBy }) => ({
          messageId,
          authorId,
          authorName,
          authorRole: authorRole as Role,
          body,
          isDeleted: deletedBy !== null,
        })),
        questions: questions.map(({ id: questionId, status, authorRole, ...rest }) => ({
          questionId,
          status: status as QuestionStatus,
          authorRole: authorRole as Role,
          ...rest,
        })),
        optedOut: recording.optedOut,
      };
    },

    async addSpeaker(id, displayName) {
      // One statement, so two joins at once cannot both add the name.
      await prisma.$executeRaw`UPDATE "Recording" SET "speakers" = array_append("speakers", ${displayName}) WHERE "id" = ${id} AND NOT (${displayName} = ANY("speakers"))`;
    },

    async addOptedOut(id, userIds) {
      if (userIds.length === 0) return;
      // One statement, so two opt-outs at once cannot lose one.
      await prisma.$executeRaw`UPDATE "Recording" SET "optedOut" = ARRAY(SELECT DISTINCT unnest("optedOut" || ${[...userIds]}::text[])) WHERE "id" = ${id}`;
    },
  };
}
