import type { ConsolePage, OutboxEntry } from '../../shared/console.js';
import type { PrismaClient } from '../db/generated/client.js';

/** An email as the platform writes it: always a plain-text part, HTML optional. */
export interface MailMessage {
  /** What it is ("verify", "reset", …), for the console. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Where every email goes first (see OutboxMessage in schema.prisma). */
export interface Outbox {
  /**
   * Writes the message: "queued" for the sender when SMTP is configured,
   * else "held" for organisers to read. Resolves once it is stored, so
   * nothing is dropped silently.
   */
  enqueue(message: MailMessage): Promise<string>;
  /** The newest messages first, a page at a time, for the console's reader (a held one with its text). */
  page(offset: number, limit: number): Promise<ConsolePage<OutboxEntry>>;
}

export function createOutbox(prisma: PrismaClient, { isSending, onQueued }: { isSending: boolean; onQueued?: () => void }): Outbox {
  return {
    enqueue: async (message) => {
      const row = await prisma.outboxMessage.create({
        data: { ...message, html: message.html ?? null, state: isSending ? 'queued' : 'held' },
        select: { id: true },
      });
      if (isSending) onQueued?.();
      return row.id;
    },

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
