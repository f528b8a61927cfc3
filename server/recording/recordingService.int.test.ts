import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStatus, RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { RecordedEntry } from '../../shared/timeline.js';
import { createRecordingRepository, type RecordingRepository, type SegmentRecord } from '../db/recordingRepository.js';
import type { Peer } from '../media/peer.js';
import { joinRoomPage, launchChromium } from '../test/browser.js';
import { captureFfmpegsOf, codecsOf } from '../test/recordingProcesses.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';
import { playableSeconds } from './captureSegments.js';
import { recordingDir } from './recordingFiles.js';
import { listSegmentFiles } from './segmentFiles.js';

/** Media takes a while to start on a busy 2-core machine. */
const WAIT = { timeout: 45_000, interval: 100 };
const TEST_TIMEOUT = 120_000;
/**
 * How far a segment's place on the recording's clock may be from the wall
 * clock: it is its run's start (stamped when ffmpeg is spawned) plus the
 * media time ffmpeg wrote, and the two drift by how late a busy machine
 * lets ffmpeg read what arrived (27 ms seen with stress-ng beside the suite).
 */
const PLACEMENT_TOLERANCE_MS = 500;
const SPEAKER = 'Ama';

type RecordingChanged = { recording: RecordingStatus | null; by: string | null };

/**
 * Recording a live session end to end on the real platform: PostgreSQL,
 * mediasoup, ffmpeg and a Chromium speaker sending a fake camera and
 * microphone; moderators and participants are Socket.IO clients. The tests
 * run in order in one session (one recording each) and share its people.
 * Needs the built client (npm run build:client), Chromium, ffmpeg and ffprobe.
 */
describe('recording a session (real mediasoup, ffmpeg, Chromium, PostgreSQL)', () => {
  let platform: TestPlatform;
  let recordingsDir: string;
  let recordings: RecordingRepository;
  let browser: Browser;
  let sessionId: RoomId;
  let otherRoomId: RoomId;
  let moderator: TestSocket;
  let participant: TestSocket;
  let speakerPage: Page;
  /** Everything the participant was told about the recording, in order. */
  const told: RecordingChanged[] = [];
  /** Everything the moderator was told about it (they also hear who opted out). */
  const moderatorTold: RecordingChanged[] = [];
  const sockets: TestSocket[] = [];

  const connect = async (name: string, roomId: RoomId, role?: 'moderator' | 'speaker') => {
    const socket = await connectClient(platform.url, name, role ? { invitation: await platform.invite(roomId, role) } : {});
    sockets.push(socket);
    return socket;
  };
  const join = async (socket: TestSocket, roomId: RoomId): Promise<RoomJoined> => expectOk(await request(socket, 'room:join', { roomId }));

  const speaker = (): Peer => {
    const peer = platform.app.registry
      .get(sessionId)
      ?.peerList()
      .find((candidate) => candidate.identity.displayName === SPEAKER);
    if (!peer) throw new Error(`${SPEAKER} is not in the session`);
    return peer;
  };
  const row = (id: string) => platform.db.prisma.recording.findUniqueOrThrow({ where: { id } });
  const startRecording = async () => {
    const requestedAt = performance.now();
    const status = expectOk(await request(moderator, 'recording:start', {}));
    return { status, requestedAt, startedAt: performance.now() };
  };
  /** Until the participant has been told that the recording ended (the indicator goes off). */
  const toldEnded = async (recordingId: string) => {
    await expect
      .poll(() => told.some((change) => change.recording === null) && told.some((change) => change.recording?.recordingId === recordingId), WAIT)
      .toBe(true);
  };

  beforeAll(async () => {
    recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'convene-recordings-'));
    platform = await startTestPlatform({ RECORDINGS_DIR: recordingsDir });
    recordings = createRecordingRepository(platform.db.prisma);
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = asRoomId(rooms[0]!.id);
    otherRoomId = asRoomId(rooms[1]!.id);
    browser = await launchChromium();

    moderator = await connect('Mod', sessionId, 'moderator');
    moderator.on('recording:changed', (change) => moderatorTold.push(change));
    await join(moderator, sessionId);
    participant = await connect('Pat', sessionId);
    participant.on('recording:changed', (change) => told.push(change));
    await join(participant, sessionId);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await browser?.close();
    await platform?.dispose();
    if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
  });

  it('lets only moderators start, mark and stop; tells everyone; and leaves a complete recording as long as the session was recorded', async () => {
    // A speaker on stage sends their camera and microphone as they join (the later tests record them too).
    const link = `${platform.url}/r/${sessionId}?invite=${await platform.invite(sessionId, 'speaker')}`;
    speakerPage = await joinRoomPage(browser, link, SPEAKER, { timeout: WAIT.timeout });
    const speakerTracks = () => speaker().producersOf(['camera', 'microphone']).map(({ producer }) => producer);
    await expect.poll(() => speakerTracks().length, WAIT).toBe(2);
    await expect.poll(async () => (await Promise.all(speakerTracks().map(packetsOf))).every((count) => count > 0), WAIT).toBe(true);
    // The fake microphone beeps: the speaker is the room's active speaker.
    await expect.poll(() => platform.app.registry.get(sessionId)?.activeSpeakerId, WAIT).toBe(speaker().id);

    for (const event of ['recording:start', 'recording:stop'] as const) {
      expect(await request(participant, event, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await request(participant, 'recording:mark-chapter', { title: 'Mine' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Nothing to stop or mark yet.
    expect(await request(moderator, 'recording:stop', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const { status, requestedAt, startedAt } = await startRecording();
    expect(status).toMatchObject({ state: 'recording', startedAt: expect.any(Number), isOptedOut: false, optedOut: [] });
    const { recordingId } = status;
    expect(await request(moderator, 'recording:start', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Everyone in the room saw it start, then record (the indicator and its notice).
    await expect.poll(() => told.length, WAIT).toBeGreaterThanOrEqual(2);
    expect(told.slice(0, 2)).toEqual([
      { recording: { recordingId, state: 'starting', startedAt: null }, by: 'Mod' },
      { recording: { recordingId, state: 'recording', startedAt: status.startedAt }, by: 'Mod' },
    ]);
    const late = await connect('Lou', sessionId);
    expect((await join(late, sessionId)).recording).toEqual({ recordingId, state: 'recording', startedAt: status.startedAt, isOptedOut: false });

    // What happens in the session meanwhile goes into the timeline (chat and questions by id: their words stay in their rows).
    const hello = expectOk(await request(participant, 'chat:send', { channel: 'room', body: 'Hello from the floor' }));
    const question = expectOk(await request(participant, 'question:ask', { body: 'How do movements last?', isAnonymous: false }));
    const chapter = expectOk(await request(moderator, 'recording:mark-chapter', { title: 'Questions' }));
    const thanks = expectOk(await request(late, 'chat:send', { channel: 'room', body: 'Thanks!' }));
    // A few segments of the speaker are written: several seconds of recording.
    await expect.poll(async () => (await closedSegmentsOf(recordingsDir, recordingId)).length, WAIT).toBeGreaterThanOrEqual(3);

    const wallSeconds = (performance.now() - startedAt) / 1000;
    expectOk(await request(moderator, 'recording:stop', {}));
    // From asking to start to the end of the graceful stop (ffmpeg finishing its files).
    const wallWithStopSeconds = (performance.now() - requestedAt) / 1000;
    await toldEnded(recordingId);
    expect(told.slice(2).map((change) => change.recording?.state ?? null)).toEqual(['stopping', null]);
    expect(await request(moderator, 'recording:stop', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const stored = await row(recordingId);
    expect(stored).toMatchObject({ state: 'complete', restarts: 0, requestedBy: expect.any(String), heartbeatAt: null });
    expect(stored.startedAt!.getTime()).toBe(status.startedAt);
    const recordedSeconds = (stored.endedAt!.getTime() - stored.startedAt!.getTime()) / 1000;
    expect(recordedSeconds).toBeGreaterThanOrEqual(wallSeconds);
    expect(recordedSeconds).toBeLessThanOrEqual(wallWithStopSeconds);

    // Every file is listed, and plays: the speaker's camera and microphone, for as long as they were recorded.
    const segments = await recordings.segments(recordingId);
    await expectEveryFileListedAndPlayable(recordingsDir, recordingId, segments);
    const mine = segments.filter((segment) => segment.peerId === speaker().id);
    expect(mine.length).toBe(segments.length);
    expect(new Set(mine.map((segment) => segment.sources.sort().join('+')))).toEqual(new Set(['camera+microphone']));
    const fileSeconds = await totalSeconds(recordingsDir, recordingId, mine);
    console.info(
      `[recordingService] wall ${wallSeconds.toFixed(3)} s, recording ${recordedSeconds.toFixed(3)} s, ` +
        `files ${fileSeconds.toFixed(3)} s in ${mine.length} segments`,
    );
    expect(Math.abs(fileSeconds - wallSeconds) / wallSeconds).toBeLessThanOrEqual(0.1);

    const timeline = await recordings.timeline(recordingId);
    const duration = stored.endedAt!.getTime() - stored.startedAt!.getTime();
    expectInOrderWithin(timeline, duration);
    expect(timeline).toContainEqual({ at: 0, kind: 'stage-joined', peerId: speaker().id, displayName: SPEAKER });
    expect(timeline).toContainEqual({ at: 0, kind: 'active-speaker', peerId: speaker().id });
    const said = timeline.filter((entry) => entry.kind === 'chat' || entry.kind === 'question' || entry.kind === 'chapter');
    expect(said).toEqual([
      { at: expect.any(Number), kind: 'chat', messageId: hello.messageId },
      { at: expect.any(Number), kind: 'question', questionId: question.questionId },
      { at: chapter.at, kind: 'chapter', title: 'Questions' },
      { at: expect.any(Number), kind: 'chat', messageId: thanks.messageId },
    ]);
    expect(said[0]!.at).toBeGreaterThan(0);
    expect(stored.speakers).toContain(SPEAKER);
  }, TEST_TIMEOUT);

  it('stops capturing a speaker who opts out, and starts again when they opt back in', async () => {
    told.length = 0;
    const { status } = await startRecording();
    const { recordingId } = status;
    const zero = status.startedAt!;
    const userId = speaker().identity.userId;
    await expect.poll(async () => (await closedSegmentsOf(recordingsDir, recordingId)).length, WAIT).toBeGreaterThanOrEqual(1);
    expect(await captureFfmpegsOf(recordingId, process.pid)).toHaveLength(1);

    const optOut = speakerPage.getByRole('button', { name: "Don't record me" });
    const optedOutAt = Date.now();
    await optOut.click();
    // The moderators see who is left out (nobody else does).
    await expect.poll(() => moderatorTold.at(-1)?.recording?.optedOut, WAIT).toEqual([userId]);
    expect(await row(recordingId)).toMatchObject({ optedOut: [userId] });
    // Their capture stops (its ffmpeg finishes): nothing of theirs is written from then on.
    await expect.poll(() => captureFfmpegsOf(recordingId, process.pid), WAIT).toEqual([]);
    const stoppedAt = Date.now();
    const whileOut = await filesWithSizes(recordingsDir, recordingId);

    const optedInAt = Date.now();
    await optOut.click();
    await expect.poll(() => moderatorTold.at(-1)?.recording?.optedOut, WAIT).toEqual([]);
    // A new capture of theirs (tracks/002) writes its first segment: by then the first one would have written more.
    await expect
      .poll(async () => (await closedSegmentsOf(recordingsDir, recordingId)).filter((file) => file.includes('tracks/002/')).length, WAIT)
      .toBeGreaterThanOrEqual(1);
    const firstCapture = (await filesWithSizes(recordingsDir, recordingId)).filter(([file]) => file.startsWith('tracks/001/'));
    expect(firstCapture).toEqual(whileOut.filter(([file]) => file.startsWith('tracks/001/')));
    expectOk(await request(moderator, 'recording:stop', {}));
    await toldEnded(recordingId);

    const segments = await recordings.segments(recordingId);
    await expectEveryFileListedAndPlayable(recordingsDir, recordingId, segments);
    const before = segments.filter((segment) => segment.fileName.startsWith('tracks/001/'));
    const after = segments.filter((segment) => segment.fileName.startsWith('tracks/002/'));
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(after.length).toBeGreaterThanOrEqual(1);
    // Allowing for the stop: ffmpeg had finished by `stoppedAt`.
    expect(Math.max(...before.map((segment) => segment.endMs!))).toBeLessThanOrEqual(stoppedAt - zero + PLACEMENT_TOLERANCE_MS);
    expect(Math.min(...after.map((segment) => segment.startMs))).toBeGreaterThanOrEqual(optedInAt - zero);

    const stored = await row(recordingId);
    expect(stored.state).toBe('complete');
    const timeline = await recordings.timeline(recordingId);
    expectInOrderWithin(timeline, stored.endedAt!.getTime() - zero);
    const peerId = speaker().id;
    const stage = timeline.filter((entry) => (entry.kind === 'stage-joined' || entry.kind === 'stage-left') && entry.peerId === peerId);
    expect(stage.map((entry) => entry.kind)).toEqual(['stage-joined', 'stage-left', 'stage-joined']);
    expect(stage[1]!.at).toBeGreaterThanOrEqual(optedOutAt - zero);
    expect(stage[1]!.at).toBeLessThanOrEqual(stoppedAt - zero);
    expect(stage[2]!.at).toBeGreaterThanOrEqual(optedInAt - zero);
  }, TEST_TIMEOUT);

  it('keeps recording in a new run when the capture\'s ffmpeg is killed, and every file stays playable', async () => {
    told.length = 0;
    const { status } = await startRecording();
    const { recordingId } = status;
    // Killed while a segment is half written: after a complete one, once the next holds flushed media.
    let killed = 0;
    await expect
      .poll(async () => {
        const files = await listSegmentFiles(path.join(recordingDir(recordingsDir, recordingId), 'tracks/001'));
        const writing = files.at(-1);
        const [pid] = await captureFfmpegsOf(recordingId, process.pid);
        if (!files.some((file) => file.isComplete) || !writing || writing.isComplete || pid === undefined) return false;
        if ((await stat(writing.path)).size < 20_000) return false;
        killed = pid;
        return true;
      }, WAIT)
      .toBe(true);
    process.kill(killed, 'SIGKILL');

    // Another ffmpeg takes over, the restart is on record, and the recording goes on.
    await expect.poll(async () => (await captureFfmpegsOf(recordingId, process.pid)).filter((pid) => pid !== killed).length, WAIT).toBe(1);
    await expect.poll(async () => (await row(recordingId)).restarts, WAIT).toBe(1);
    await expect
      .poll(async () => (await closedSegmentsOf(recordingsDir, recordingId)).filter((file) => file.includes('/run-0002-')).length, WAIT)
      .toBeGreaterThanOrEqual(1);
    expect((await row(recordingId)).state).toBe('recording');
    expect(told.map((change) => change.recording?.state ?? null)).toEqual(['starting', 'recording']);
    expectOk(await request(moderator, 'recording:stop', {}));
    await toldEnded(recordingId);

    expect(await row(recordingId)).toMatchObject({ state: 'complete', restarts: 1 });
    const segments = await recordings.segments(recordingId);
    // The file being written when ffmpeg died is kept and listed too, with the new run's files after it.
    await expectEveryFileListedAndPlayable(recordingsDir, recordingId, segments);
    const runs = (prefix: string) => segments.filter((segment) => segment.fileName.includes(prefix));
    expect(runs('/run-0001-').length).toBeGreaterThanOrEqual(2);
    expect(runs('/run-0002-').length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...runs('/run-0002-').map((segment) => segment.startMs))).toBeGreaterThanOrEqual(
      Math.max(...runs('/run-0001-').map((segment) => segment.endMs!)) - 50,
    );
  }, TEST_TIMEOUT);

  it('records a session set to record automatically as soon as it opens, and ends it when the room empties', async () => {
    const host = await connect('Host', otherRoomId, 'moderator');
    await join(host, otherRoomId);
    expect(expectOk(await request(host, 'room:set-controls', { autoRecord: true }))).toMatchObject({ autoRecord: true });
    // Setting it does not start recording now: only when the session goes live.
    expect(await platform.db.prisma.recording.count({ where: { roomId: otherRoomId } })).toBe(0);
    expectOk(await request(host, 'room:leave', {}));
    await expect.poll(() => platform.app.registry.get(otherRoomId), WAIT).toBeUndefined();

    // The first person in opens the room again: the recording starts by itself, and they see it.
    const guest = await connect('Gil', otherRoomId);
    const heard: RecordingChanged[] = [];
    guest.on('recording:changed', (change) => heard.push(change));
    const joined = await join(guest, otherRoomId);
    await expect
      .poll(() => joined.recording?.state === 'recording' || heard.some((change) => change.recording?.state === 'recording'), WAIT)
      .toBe(true);
    // On record too (the answer may tell of it a moment before it is stored).
    await expect.poll(async () => (await platform.db.prisma.recording.findMany({ where: { roomId: otherRoomId } })).map((found) => found.state), WAIT).toEqual(['recording']);
    const [auto] = await platform.db.prisma.recording.findMany({ where: { roomId: otherRoomId } });
    expect(auto).toMatchObject({ requestedBy: null });
    expect(expectOk(await request(guest, 'recording:opt-out', { optedOut: true })).recording).toMatchObject({
      recordingId: auto!.id,
      isOptedOut: true,
    });
    expect((await row(auto!.id)).optedOut).toHaveLength(1);

    // Everyone leaves: the session is over, and so is its recording.
    expectOk(await request(guest, 'room:leave', {}));
    await expect.poll(async () => (await row(auto!.id)).state, WAIT).toBe('complete');
    expect(await platform.db.prisma.recording.count({ where: { roomId: otherRoomId } })).toBe(1);

    // The next time it goes live it records again, with nobody left out from the last time.
    heard.length = 0;
    const again = await join(guest, otherRoomId);
    await expect
      .poll(() => [again.recording, ...heard.map((change) => change.recording)].some((status) => status?.state === 'recording'), WAIT)
      .toBe(true);
    await expect.poll(() => platform.db.prisma.recording.count({ where: { roomId: otherRoomId, state: 'recording' } }), WAIT).toBe(1);
    const next = await platform.db.prisma.recording.findFirstOrThrow({ where: { roomId: otherRoomId, state: 'recording' } });
    expect(next.optedOut).toEqual([]);
    expectOk(await request(guest, 'room:leave', {}));
    await expect.poll(() => platform.db.prisma.recording.count({ where: { roomId: otherRoomId, state: 'complete' } }), WAIT).toBe(2);
  }, TEST_TIMEOUT);
});

/** Packets a producer has received from its sender so far. */
async function packetsOf(producer: { getStats(): Promise<Array<{ packetCount?: number }>> }): Promise<number> {
  return (await producer.getStats()).reduce((sum, entry) => sum + (entry.packetCount ?? 0), 0);
}


/** Every segment file of a recording, relative to its directory, in order. */
async function segmentFilesOf(recordingsDir: string, recordingId: string): Promise<string[]> {
  const directory = recordingDir(recordingsDir, recordingId);
  const files: string[] = [];
  for (const capture of (await readdir(path.join(directory, 'tracks')).catch(() => [])).sort()) {
    for (const file of await listSegmentFiles(path.join(directory, 'tracks', capture))) {
      files.push(path.posix.join('tracks', capture, path.basename(file.path)));
    }
  }
  return files;
}

/** The segments ffmpeg has closed (listed) so far. */
async function closedSegmentsOf(recordingsDir: string, recordingId: string): Promise<string[]> {
  const directory = recordingDir(recordingsDir, recordingId);
  const closed: string[] = [];
  for (const capture of (await readdir(path.join(directory, 'tracks')).catch(() => [])).sort()) {
    for (const file of await listSegmentFiles(path.join(directory, 'tracks', capture))) {
      if (file.isComplete) closed.push(path.posix.join('tracks', capture, path.basename(file.path)));
    }
  }
  return closed;
}

async function filesWithSizes(recordingsDir: string, recordingId: string): Promise<Array<[string, number]>> {
  const directory = recordingDir(recordingsDir, recordingId);
  return Promise.all(
    (await segmentFilesOf(recordingsDir, recordingId)).map(async (file): Promise<[string, number]> => [file, (await stat(path.join(directory, file))).size]),
  );
}

/** Each file on disk has its row and each row its file, every one ffprobe reads as VP8 + Opus media that plays for a while. */
async function expectEveryFileListedAndPlayable(recordingsDir: string, recordingId: string, segments: SegmentRecord[]): Promise<void> {
  expect(segments.map((segment) => segment.fileName).sort()).toEqual((await segmentFilesOf(recordingsDir, recordingId)).sort());
  const directory = recordingDir(recordingsDir, recordingId);
  for (const segment of segments) {
    const file = path.join(directory, segment.fileName);
    expect(await codecsOf(file), segment.fileName).toEqual(['opus', 'vp8']);
    expect(await playableSeconds('ffprobe', file), segment.fileName).toBeGreaterThan(0);
    expect(segment.endMs, segment.fileName).toBeGreaterThan(segment.startMs);
    expect(segment.bytes, segment.fileName).toBe((await stat(file)).size);
  }
}


async function totalSeconds(recordingsDir: string, recordingId: string, segments: SegmentRecord[]): Promise<number> {
  const directory = recordingDir(recordingsDir, recordingId);
  let total = 0;
  for (const segment of segments) total += (await playableSeconds('ffprobe', path.join(directory, segment.fileName))) ?? 0;
  return total;
}

/** Entries in time order, none before the start nor after `durationMs`. */
function expectInOrderWithin(timeline: RecordedEntry[], durationMs: number): void {
  expect(timeline.length).toBeGreaterThan(0);
  for (const [index, entry] of timeline.entries()) {
    expect(entry.at).toBeGreaterThanOrEqual(index === 0 ? 0 : timeline[index - 1]!.at);
    expect(entry.at).toBeLessThanOrEqual(durationMs);
  }
}

