import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { createTokenService } from '../auth/tokens.js';
import { openDatabase, type Database } from '../db/database.js';
import { createRecordingRepository, type RecordingRepository } from '../db/recordingRepository.js';
import { joinRoomPage, launchChromium } from '../test/browser.js';
import { mintInvitation } from '../test/invitations.js';
import { captureFfmpegsOf, stillRunning, codecsOf } from '../test/recordingProcesses.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { spawnServer, type ServerProcess } from '../test/serverProcess.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { playableSeconds } from './captureSegments.js';
import { recordingDir } from './recordingFiles.js';
import { listSegmentFiles } from './segmentFiles.js';

const logger = pino({ level: 'silent' });
/** Media takes a while to start on a busy 2-core machine. */
const WAIT = { timeout: 45_000, interval: 200 };
/**
 * A recording is abandoned 30 s after its last heartbeat (renewed every
 * 10 s) and the sweep runs every 10 s: the next process finalises it within
 * about 50 s of the crash.
 */
const RECOVERY = { timeout: 75_000, interval: 500 };

/**
 * A server process dies (SIGKILL) in the middle of a recording: the next
 * process started on the same database and data directory finalises it as
 * partial, with every file written listed and playable, and no ffmpeg of the
 * dead process is left running. Real server processes, PostgreSQL, mediasoup,
 * ffmpeg and a Chromium speaker. Needs the built client (npm run build:client).
 */
describe('a server killed mid-recording', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let db: Database | undefined;
  let recordings: RecordingRepository;
  let first: ServerProcess | undefined;
  let second: ServerProcess | undefined;
  let browser: Browser | undefined;
  let moderator: TestSocket | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-recording-crash-'));
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir, TOKEN_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' };
    browser = await launchChromium();
  });

  afterAll(async () => {
    moderator?.disconnect();
    await browser?.close();
    await first?.stop();
    await second?.stop();
    await db?.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is finalised as partial by the next process, every written file listed and playable, no ffmpeg left', async () => {
    first = await spawnServer(env);
    // After the server: it has applied the migrations.
    db = await openDatabase({ databaseUrl: database.url, dataDir, logger });
    recordings = createRecordingRepository(db.prisma);
    const rooms = (await (await fetch(`${first.url}/api/rooms`)).json()) as RoomSummary[];
    const sessionId: RoomId = asRoomId(rooms[0]!.id);
    const tokens = createTokenService(env.TOKEN_SECRET!);
    const serverUrl = first.url;
    const invite = (role: 'moderator' | 'speaker') => mintInvitation(serverUrl, tokens, sessionId, role);

    await joinRoomPage(browser!, `${first.url}/r/${sessionId}?invite=${await invite('speaker')}`, 'Ama', { timeout: WAIT.timeout });
    moderator = await connectClient(first.url, 'Mod', { invitation: await invite('moderator') });
    const joined = expectOk(await request(moderator, 'room:join', { roomId: sessionId }));
    // Ama's camera and microphone both flow before recording starts, so every file holds both
    // (a busy machine can publish the camera after the recording's first capture began).
    const sources = new Set(joined.peers.flatMap((peer) => peer.producers.map((producer) => producer.source)));
    moderator.on('producer:added', (producer) => sources.add(producer.source));
    await expect.poll(() => sources.has('camera') && sources.has('microphone'), WAIT).toBe(true);
    const { recordingId } = expectOk(await request(moderator, 'recording:start', {}));
    const directory = recordingDir(path.resolve(dataDir, 'recordings'), recordingId);
    const { messageId } = expectOk(await request(moderator, 'chat:send', { channel: 'room', body: 'Recorded before the crash' }));

    // A few files are on record, and ffmpeg is in the middle of writing the next one.
    let writing = '';
    await expect
      .poll(async () => {
        const files = await segmentFilesIn(directory);
        const last = files.at(-1);
        if ((await recordings.segments(recordingId)).length < 2 || !last || last.isComplete) return false;
        if ((await stat(last.path)).size === 0) return false;
        writing = last.path;
        return true;
      }, WAIT)
      .toBe(true);
    const ffmpegs = await captureFfmpegsOf(recordingId);
    expect(ffmpegs.length).toBeGreaterThanOrEqual(1);

    first.child.kill('SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    moderator.disconnect();
    expect((await db.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } })).state).toBe('recording');

    // The dead process's ffmpeg finish by themselves once their input goes quiet.
    await expect.poll(() => stillRunning(ffmpegs), RECOVERY).toEqual([]);
    const closedByItself = (await segmentFilesIn(directory)).find((file) => file.path === writing)?.isComplete ?? false;
    console.info(`[recordingCrash] the file being written at the crash was ${closedByItself ? 'closed by its orphan ffmpeg' : 'left open'}`);

    second = await spawnServer(env);
    await expect.poll(async () => (await db!.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } })).state, RECOVERY).toBe('partial');
    const recovered = await db.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } });
    expect(recovered.heartbeatAt).toBeNull();

    // What was written is kept: every file listed, and every listed file plays.
    const segments = await recordings.segments(recordingId);
    const onDisk = (await segmentFilesIn(directory)).map((file) => path.relative(directory, file.path).split(path.sep).join('/'));
    expect(segments.map((segment) => segment.fileName).sort()).toEqual(onDisk.sort());
    expect(segments.length).toBeGreaterThanOrEqual(3);
    for (const segment of segments) {
      const file = path.join(directory, segment.fileName);
      expect(await codecsOf(file), segment.fileName).toEqual(['opus', 'vp8']);
      expect(await playableSeconds('ffprobe', file), segment.fileName).toBeGreaterThan(0);
      expect(segment.endMs, segment.fileName).toBeGreaterThan(segment.startMs);
    }
    // The file being written at the crash is listed, or gone if nothing in it played.
    const open = path.relative(directory, writing).split(path.sep).join('/');
    if (onDisk.includes(open)) expect(segments.map((segment) => segment.fileName)).toContain(open);
    else await expect(stat(writing)).rejects.toMatchObject({ code: 'ENOENT' });
    // It ends where its last file ends.
    const lastEndMs = Math.max(...segments.map((segment) => segment.endMs!));
    expect(recovered.endedAt!.getTime()).toBe(recovered.startedAt!.getTime() + lastEndMs);
    expect(await recordings.timeline(recordingId)).toContainEqual(expect.objectContaining({ kind: 'chat', messageId }));
    // Nothing of the dead process runs any more.
    expect(await captureFfmpegsOf(recordingId)).toEqual([]);
  }, 180_000);
});

/** Every segment file of a recording's captures, in order. */
async function segmentFilesIn(directory: string) {
  const captures = (await readdir(path.join(directory, 'tracks')).catch(() => [])).sort();
  return (await Promise.all(captures.map((capture) => listSegmentFiles(path.join(directory, 'tracks', capture))))).flat();
}



