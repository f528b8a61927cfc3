import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createRecordingRepository, type RecordingRepository } from '../db/recordingRepository.js';
import { seedDemoEdition } from '../db/seed.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { ABANDONED_AFTER_MS, finaliseAbandonedRecordings } from './abandonedRecordings.js';
import { captureStarted, captureStopped, requestRecording, stopRecording } from './recordingSession.js';

const logger = pino({ level: 'silent' });

/**
 * Recordings a dead process left unfinished (their heartbeat went stale)
 * are finalised as partial, ending where the last closed file ends; live
 * ones (heartbeat fresh) and finished ones are left alone. Real PostgreSQL.
 */
describe('abandoned recordings', () => {
  let tmp: string;
  let testDatabase: TestDatabase;
  let db: Database;
  let recordings: RecordingRepository;
  let roomId: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-recordings-'));
    testDatabase = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDatabase.url, dataDir: tmp, logger });
    [roomId] = (await seedDemoEdition(db.prisma)) as [string];
    recordings = createRecordingRepository(db.prisma);
  });

  afterAll(async () => {
    await db?.close();
    await testDatabase?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('finalises what a dead process left as partial, and only that', async () => {
    const died = 1_000_000;
    const now = died + ABANDONED_AFTER_MS + 1;
    const starting = await recordings.create(roomId, 'u-mod', requestRecording(died), died);
    const recording = await recordings.create(roomId, 'u-mod', captureStarted(requestRecording(died - 5_000), died - 4_000), died);
    await db.prisma.recordingSegment.create({
      data: { recordingId: recording.id, peerId: 'p1', displayName: 'Ama', sources: ['camera', 'microphone'], fileName: 'p1-000.webm', startMs: 0, endMs: 3_000 },
    });
    const stopping = await recordings.create(roomId, null, stopRecording(captureStarted(requestRecording(died - 9_000), died - 8_000), died), died);
    const live = await recordings.create(roomId, 'u-mod', captureStarted(requestRecording(now - 2_000), now - 1_000), now);
    const complete = await recordings.create(
      roomId,
      'u-mod',
      captureStopped(stopRecording(captureStarted(requestRecording(1_000), 2_000), 5_000), 6_000),
      6_000,
    );

    expect(await finaliseAbandonedRecordings({ recordings, logger, recordingsDir: tmp, ffprobePath: 'ffprobe' }, now)).toBe(3);

    const stateOf = async (id: string) => (await recordings.abandoned(Date.UTC(3000, 0, 1))).find((r) => r.id === id)?.state ?? null;
    const row = (id: string) => db.prisma.recording.findUniqueOrThrow({ where: { id } });
    expect(await row(starting.id)).toMatchObject({ state: 'partial', startedAt: null, endedAt: new Date(died) });
    // Ended where its last closed file ends: 3 s after it started.
    expect(await row(recording.id)).toMatchObject({ state: 'partial', endedAt: new Date(died - 4_000 + 3_000), heartbeatAt: null });
    expect(await row(stopping.id)).toMatchObject({ state: 'partial', startedAt: new Date(died - 8_000) });
    // Still renewed by its process: untouched; a finished one too.
    expect(await stateOf(live.id)).toMatchObject({ name: 'recording' });
    expect(await row(complete.id)).toMatchObject({ state: 'complete', endedAt: new Date(6_000) });
    // Nothing is left unfinished by a dead process any more, and a second sweep finds nothing.
    expect(await finaliseAbandonedRecordings({ recordings, logger, recordingsDir: tmp, ffprobePath: 'ffprobe' }, now)).toBe(0);
  });
});
