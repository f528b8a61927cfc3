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
  };
}
