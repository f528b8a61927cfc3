import type { RemovedPerson } from '../../shared/events.js';
import { asRemovalId, type RemovalId } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';

export interface RemovalInput {
  roomId: string;
  userId: string;
  invitationId: string | null;
  displayName: string;
  removedBy: string;
}

/** Who moderators removed from which room, persisted so a restart does not lift it. */
export interface RemovalRepository {
  record(input: RemovalInput): Promise<RemovedPerson>;
  /** Every identity and invitation barred from the room now (what each join checks, read once for all). */
  barred(roomId: string): Promise<Barred>;
  /** People still barred from the room, most recent first. */
  listActive(roomId: string): Promise<RemovedPerson[]>;
  /** Lifts a removal of this room; null when there was none to lift (unknown, other room, already lifted). */
  readmit(roomId: string, removalId: RemovalId): Promise<{ userId: string; displayName: string } | null>;
}

/** Who may not come back into a room: by identity, and by invitation (a new identity from the same link). */
export interface Barred {
  userIds: ReadonlySet<string>;
  invitationIds: ReadonlySet<string>;
}

const fields = { id: true, displayName: true, removedAt: true } as const;

const toRemovedPerson = (row: { id: string; displayName: string; removedAt: Date }): RemovedPerson => ({
  removalId: asRemovalId(row.id),
  displayName: row.displayName,
  removedAt: row.removedAt.toISOString(),
});

export function createRemovalRepository(prisma: PrismaClient): RemovalRepository {
  return {
    record: async (input) => toRemovedPerson(await prisma.roomRemoval.create({ data: input, select: fields })),

    barred: async (roomId) => {
      const rows = await prisma.roomRemoval.findMany({
        where: { roomId, readmittedAt: null },
        select: { userId: true, invitationId: true },
      });
      return {
        userIds: new Set(rows.map((row) => row.userId)),
        invitationIds: new Set(rows.flatMap((row) => (row.invitationId ? [row.invitationId] : []))),
      };
    },

    listActive: async (roomId) =>
      (
        await prisma.roomRemoval.findMany({
          where: { roomId, readmittedAt: null },
          select: fields,
          orderBy: { removedAt: 'desc' },
          take: 500,
        })
      ).map(toRemovedPerson),

    readmit: async (roomId, removalId) => {
      const { count } = await prisma.roomRemoval.updateMany({
        where: { id: removalId, roomId, readmittedAt: null },
        data: { readmittedAt: new Date() },
      });
      if (count === 0) return null;
      return prisma.roomRemoval.findUnique({ where: { id: removalId }, select: { userId: true, displayName: true } });
    },
  };
}
