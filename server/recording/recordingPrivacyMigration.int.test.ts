import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';

const repoMigrations = path.resolve(import.meta.dirname, '..', '..', 'prisma', 'migrations');
/** The migration that stops timelines keeping copies of words (prisma/migrations/<this>_recording_privacy). */
const PRIVACY_MIGRATION = '20261202110000_recording_privacy';
const logger = pino({ level: 'silent' });

/**
 * Recordings made before the replay read chat and questions from their own
 * rows kept copies of their words in the timeline: the migration removes
 * them (and a withdrawn question's words), on a database that holds them;
 * so does the audit log's copy of deleted messages and moderated questions.
 */
describe('the recording privacy migration, on a database made before it (PostgreSQL)', () => {
  let tmp: string;
  let database: TestDatabase;
  let db: Database | undefined;

  const open = async (migrationsDir: string) => {
    await db?.close();
    db = await openDatabase({ databaseUrl: database.url, dataDir: tmp, logger, migrationsDir });
    return db;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-privacy-migration-'));
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('strips the words and names timeline entries kept of chat and questions, a withdrawn question its words, and the audit log its copies', async () => {
    // The database as it was: every migration before this one.
    const before = path.join(tmp, 'before');
    await mkdir(before);
    const names = (await readdir(repoMigrations, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(names).toContain(PRIVACY_MIGRATION);
    await cp(path.join(repoMigrations, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
    for (const name of names.filter((name) => name < PRIVACY_MIGRATION)) {
      await cp(path.join(repoMigrations, name), path.join(before, name), { recursive: true });
    }
    const old = await open(before);
    await old.prisma.$executeRawUnsafe(`INSERT INTO "Room" ("id", "title") VALUES ('people-power', 'People power')`);
    await old.prisma.$executeRawUnsafe(
      `INSERT INTO "Recording" ("id", "roomId", "state", "requestedAt") VALUES ('rec-1', 'people-power', 'complete', now())`,
    );
    const entries: [number, string, object][] = [
      [0, 'chapter', { title: 'Welcome' }],
      [1, 'chat', { messageId: 'm1', author: 'Dee', body: 'My phone number is 0712' }],
      [2, 'question', { questionId: 'q1', author: 'Dee', body: 'Is the venue watched?' }],
      [3, 'question-answered', { questionId: 'q1' }],
    ];
    for (const [seq, kind, data] of entries) {
      await old.prisma.$executeRawUnsafe(
        `INSERT INTO "RecordingTimelineEntry" ("recordingId", "seq", "at", "kind", "data") VALUES ('rec-1', $1, $2, $3, $4::jsonb)`,
        seq,
        seq * 1000,
        kind,
        JSON.stringify(data),
      );
    }
    for (const [id, status] of [
      ['q1', 'withdrawn'],
      ['q2', 'dismissed'],
    ]) {
      await old.prisma.$executeRawUnsafe(
        `INSERT INTO "Question" ("id", "roomId", "authorId", "authorName", "authorRole", "isAnonymous", "body", "status")
         VALUES ($1, 'people-power', 'u-dee', 'Dee', 'participant', false, $2, $3)`,
        id,
        `words of ${id}`,
        status,
      );
    }

    // The audit log as it was written: a deleted message's start, a question's words with the action.
    const audit: [string, string | null][] = [
      ['chat.delete', '"My phone number is 0712"'],
      ['question.moderate', 'pin: "Is the venue watched?"'],
      ['question.moderate', 'answer-live: "Who pays for this: the ministry?"'],
      ['question.moderate', 'dismiss:'],
      ['media.stop', 'muted microphone'],
      ['poll.share-results', 'shared: Lunch?'],
    ];
    for (const [index, [action, detail]] of audit.entries()) {
      await old.prisma.$executeRawUnsafe(
        `INSERT INTO "AuditEntry" ("id", "roomId", "actorId", "actorName", "action", "targetId", "targetName", "detail")
         VALUES ($1, 'people-power', 'u-mo', 'Mo', $2, 'u-dee', 'Dee', $3)`,
        `audit-${index}`,
        action,
        detail,
      );
    }

    // Started with every migration: this one runs.
    const now = await open(repoMigrations);
    const rows = await now.prisma.recordingTimelineEntry.findMany({ where: { recordingId: 'rec-1' }, orderBy: { seq: 'asc' } });
    expect(rows.map((row) => [row.kind, row.data])).toEqual([
      ['chapter', { title: 'Welcome' }],
      ['chat', { messageId: 'm1' }],
      ['question', { questionId: 'q1' }],
      ['question-answered', { questionId: 'q1' }],
    ]);
    const questions = await now.prisma.question.findMany({ orderBy: { id: 'asc' }, select: { id: true, body: true } });
    // A dismissed question can be reopened by a moderator: its words stay.
    expect(questions).toEqual([
      { id: 'q1', body: '' },
      { id: 'q2', body: 'words of q2' },
    ]);
    expect(await now.prisma.recording.findUniqueOrThrow({ where: { id: 'rec-1' } })).toMatchObject({ accessVersion: 0, optedOut: [] });
    // The audit log keeps what was done, never words their author could later take back.
    const auditRows = await now.prisma.auditEntry.findMany({ orderBy: { seq: 'asc' }, select: { action: true, detail: true } });
    expect(auditRows.map(({ action, detail }) => [action, detail])).toEqual([
      ['chat.delete', null],
      ['question.moderate', 'pin'],
      ['question.moderate', 'answer-live'],
      ['question.moderate', 'dismiss'],
      ['media.stop', 'muted microphone'],
      ['poll.share-results', 'shared: Lunch?'],
    ]);
  });
});
