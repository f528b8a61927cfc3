import type { AuditAction, AuditEntry, AuditPage } from '../../shared/conversation.js';
import { asAuditEntryId } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';

export interface AuditInput {
  roomId: string;
  actor: { userId: string; displayName: string };
  action: AuditAction;
  target?: { userId?: string | null; displayName: string } | null;
  detail?: string | null;
}

/** The moderation record of each room: append-only, read by moderators a page at a time. */
export interface AuditRepository {
  record(input: AuditInput): Promise<AuditEntry>;
  /** Newest first; `before` is the seq of the oldest entry already shown. */
  page(roomId: string, query: { before?: number | undefined; limit: number }): Promise<AuditPage>;
}

interface AuditRow {
  id: string;
  seq: number;
  at: Date;
  actorName: string;
  action: string;
  targetName: string | null;
  detail: string | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  entryId: asAuditEntryId(row.id),
  seq: row.seq,
  at: row.at.toISOString(),
  actorName: row.actorName,
  action: row.action as AuditAction,
  targetName: row.targetName,
  detail: row.detail,
});

export function createAuditRepository(prisma: PrismaClient): AuditRepository {
  return {
    record: async ({ roomId, actor, action, target, detail }) =>
      toEntry(
        await prisma.auditEntry.create({
          data: {
            roomId,
            actorId: actor.userId,
            actorName: actor.displayName,
            action,
            targetId: target?.userId ?? null,
            targetName: target?.displayName ?? null,
            detail: detail ?? null,
          },
        }),
      ),

    page: async (roomId, { before, limit }) => {
      const rows = await prisma.auditEntry.findMany({
        where: { roomId, ...(before !== undefined ? { seq: { lt: before } } : {}) },
        orderBy: { seq: 'desc' },
        take: limit + 1,
      });
      return { entries: rows.slice(0, limit).map(toEntry), hasMore: rows.length > limit };
    },
  };
}
