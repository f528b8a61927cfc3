import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { MailSender, retryDelayMs } from './mailSender.js';
import { createOutbox } from './outbox.js';

/**
 * The outbox and its sender against PostgreSQL and a real SMTP server on
 * loopback that refuses the first try: the failure is written on the
 * message (visible), the message is sent on a later try, and only once.
 */
describe('sending the outbox over SMTP (real database and SMTP server)', () => {
  let tmp: string;
  let testDatabase: TestDatabase;
  let db: Database;
  let smtp: SMTPServer;
  let port: number;
  const accepted: string[] = [];
  let refusals = 1;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-mail-'));
    testDatabase = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDatabase.url, dataDir: tmp, logger: pino({ level: 'silent' }) });
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          if (refusals > 0) {
            refusals -= 1;
            callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
            return;
          }
          accepted.push(session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await db?.close();
    await testDatabase?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('backs off from 30 s, doubling, up to an hour', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it('keeps a failure visible on the message, retries, and sends it once', async () => {
    const sender = new MailSender({ prisma: db.prisma, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Convene <a@convene.test>', logger: pino({ level: 'silent' }), pollMs: 100, retryBaseMs: 300 });
    const outbox = createOutbox(db.prisma, { isSending: true, onQueued: () => sender.wake() });
    sender.start();
    try {
      const id = await outbox.enqueue({ kind: 'verify', to: 'ama@example.org', subject: 'Hello', text: 'Plain text always' });
      await expect.poll(() => db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } }), { timeout: 60_000 }).toMatchObject({
        state: 'queued',
        attempts: 1,
        lastError: expect.stringContaining('mailbox busy'),
      });
      await expect.poll(() => db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } }), { timeout: 60_000 }).toMatchObject({
        state: 'sent',
        attempts: 2,
        lastError: null,
      });
      expect(accepted).toEqual(['ama@example.org']);
    } finally {
      await sender.stop();
    }
  });

  it('keeps messages without SMTP in the outbox, held for organisers to read', async () => {
    const outbox = createOutbox(db.prisma, { isSending: false });
    const id = await outbox.enqueue({ kind: 'reset', to: 'bo@example.org', subject: 'Reset', text: 'Link' });
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'held', attempts: 0 });
  });
});
