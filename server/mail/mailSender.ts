import nodemailer, { type Transporter } from 'nodemailer';
import { Prisma, type PrismaClient } from '../db/generated/client.js';
import type { Logger } from '../logger.js';

/** After this many failed attempts a message is marked "failed" (visible in the console), no more retried. */
export const MAX_ATTEMPTS = 8;
/** While one process sends a message, the others leave it this long (then it is theirs: the sender died). */
const LEASE_MS = 60_000;
/** Each SMTP step gives up well within the lease, so a slow server never lets two processes send one message. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** The wait before attempt `attempts + 1`: `baseMs` (30 s), twice that, four times, … up to an hour. */
export function retryDelayMs(attempts: number, baseMs = 30_000): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempts - 1));
}

interface Claimed {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string> | null;
  attempts: number;
}

/**
 * Sends the outbox's queued messages over SMTP (nodemailer), from any
 * number of processes: each claims a batch with `FOR UPDATE SKIP LOCKED`
 * and a lease, so a message goes out once even when two look at once, and
 * a sender that dies leaves its messages to another after the lease. A
 * failure is written on the message and retried with backoff.
 */
export class MailSender {
  private readonly transport: Transporter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private isStopped = false;
  private isWoken = false;

  constructor(
    private readonly deps: {
      prisma: PrismaClient;
      smtpUrl: string;
      from: string;
      logger: Logger;
      /** How often the outbox is read when nothing wakes the sender. */
      pollMs?: number;
      /** The first retry's wait (tests shorten it). */
      retryBaseMs?: number;
    },
  ) {
    // The URL may hold a password: it is given to nodemailer, never logged.
    this.transport = nodemailer.createTransport({ url: deps.smtpUrl, ...SMTP_TIMEOUTS });
  }

  start(): void {
    this.schedule(0);
  }

  /** A message was queued: send soon rather than at the next poll. */
  wake(): void {
    if (this.running) this.isWoken = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }

  private schedule(delayMs: number): void {
    if (this.isStopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.sendDue()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'outbox not read; trying again soon'))
        .finally(() => {
          this.running = null;
          const again = this.isWoken;
          this.isWoken = false;
          this.schedule(again ? 0 : (this.deps.pollMs ?? 5_000));
        });
    }, delayMs);
    this.timer.unref();
  }

  private async sendDue(): Promise<void> {
    while (!this.isStopped) {
      const [message] = await this.claim();
      if (!message) return;
      await this.send(message);
    }
  }

  /**
   * One due message, leased to this process: claimed one at a time, so the
   * lease covers one send. The columns hold UTC without a zone (as Prisma
   * writes them): compared with the clock in UTC whatever the session's zone.
   */
  private claim(): Promise<Claimed[]> {
    return this.deps.prisma.$queryRaw<Claimed[]>`
      UPDATE "OutboxMessage" SET "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + ${LEASE_MS} * interval '1 millisecond'
      WHERE "id" IN (
        SELECT "id" FROM "OutboxMessage"
        WHERE "state" = 'queued' AND "nextAttemptAt" <= (now() AT TIME ZONE 'UTC')
        ORDER BY "createdAt" LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id", "to", "subject", "text", "html", "headers", "attempts"`;
  }

  private async send(message: Claimed): Promise<void> {
    const { prisma, logger, from } = this.deps;
    try {
      await this.transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      });
      // Sent: its text and headers (links that still work for a while: sign-in, unsubscribe) are not kept.
      await prisma.outboxMessage.update({
        where: { id: message.id },
        data: { state: 'sent', sentAt: new Date(), attempts: message.attempts + 1, lastError: null, text: '', html: null, headers: Prisma.DbNull },
      });
    } catch (error) {
      const attempts = message.attempts + 1;
      const gaveUp = attempts >= MAX_ATTEMPTS;
      // The SMTP server's answer, never the message (its links sign people in).
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      await prisma.outboxMessage.update({
        where: { id: message.id },
        data: {
          attempts,
          lastError: reason,
          state: gaveUp ? 'failed' : 'queued',
          nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts, this.deps.retryBaseMs)),
          // Given up: its links are not kept either.
          ...(gaveUp ? { text: '', html: null, headers: Prisma.DbNull } : {}),
        },
      });
      logger.warn({ messageId: message.id, attempts, gaveUp, reason }, 'an email was not sent');
    }
  }
}
