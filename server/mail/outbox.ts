import type { ConsolePage, OutboxEntry } from '../../shared/console.js';
import type { Prisma, PrismaClient } from '../db/generated/client.js';

/** An email as the platform writes it: always a plain-text part, HTML optional. */
export interface MailMessage {
  /** What it is ("verify", "reset", …), for the console. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers: a list message's `List-Unsubscribe` and `List-Unsubscribe-Post`. */
  headers?: Record<string, string>;
}

/** Where every email goes first (see OutboxMessage in schema.prisma). */
export interface Outbox {
  /**
   * Writes the message: "queued" for the sender when SMTP is configured,
   * else "held" for organisers to read. Resolves once it is stored, so
   * nothing is dropped silently.
   */
  enqueue(message: MailMessage): Promise<string>;
  /**
   * Writes the message in the caller's transaction: it is sent only if the
   * change it tells of commits. Call `wake()` once that transaction committed.
   */
  write(tx: Prisma.TransactionClient, message: MailMessage): Promise<string>;
  /** Messages were written: the sender looks now rather than at its next poll. */
  wake(): void;
  /** The newest messages first, a page at a time, for the console's reader (a held one with its text). */
  page(offset: number, limit: number): Promise<ConsolePage<OutboxEntry>>;
}

export function createOutbox(prisma: PrismaClient, { isSending, onQueued }: { isSending: boolean; onQueued?: () => void }): Outbox {
  const write = async (db: Prisma.TransactionClient, message: MailMessage) =>
    (
      await db.outboxMessage.create({
        data: { ...message, html: message.html ?? null, headers: message.headers ?? undefined, state: isSending ? 'queued' : 'held' },
        select: { id: true },
      })
    ).id;
  const wake = () => {
    if (isSending) onQueued?.();
  };
  return {
    enqueue: async (message) => {
      const id = await write(prisma, message);
      wake();
      return id;
    },
    write,
    wake,

    page: async (offset, limit) => {
      const [rows, total] = await Promise.all([
        prisma.outboxMessage.findMany({
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          skip: offset,
          take: limit,
          select: { id: true, kind: true, to: true, subject: true, text: true, state: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
        }),
        prisma.outboxMessage.count(),
      ]);
      const items = rows.map((row) => ({
        ...row,
        // The sender blanks a message's text once it is delivered or given up on (mailSender.ts); only held ones are read here.
        text: row.state === 'held' ? row.text : null,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
      }));
      return { items, next: offset + rows.length < total ? offset + rows.length : null, total };
    },
  };
}
