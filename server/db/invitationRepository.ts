import type { Role } from '../../shared/events.js';
import type { PrismaClient } from './generated/client.js';

/** An invitation link as stored: what it grants, who made it, and what became of it (never its token). */
export interface InvitationRecord {
  /** The token's jti. */
  id: string;
  roomId: string;
  role: Role;
  createdBy: { userId: string | null; displayName: string };
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  uses: number;
}

export type NewInvitation = Omit<InvitationRecord, 'revokedAt' | 'uses'>;

/** Invitation links, persisted so that every server process lists, counts and refuses the same ones. */
export interface InvitationRepository {
  create(invitation: NewInvitation): Promise<InvitationRecord>;
  /** The link, or null when no row has this id (one minted without being stored). */
  get(id: string): Promise<InvitationRecord | null>;
  /** A room's links, newest first, at most `limit`. */
  listForRoom(roomId: string, limit: number): Promise<InvitationRecord[]>;
  /**
   * Revokes a link of this room (one already revoked keeps its first time:
   * `changed` is false). Null when the room has no link with this id.
   */
  revoke(roomId: string, id: string, at: Date): Promise<{ record: InvitationRecord; changed: boolean } | null>;
  /** An identity was issued from the link. */
  countUse(id: string): Promise<void>;
  /** When the link was revoked: null if it was not, undefined if no row has this id. */
  revokedAt(id: string): Promise<Date | null | undefined>;
}

const fields = {
  id: true,
  roomId: true,
  role: true,
  createdById: true,
  createdByName: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  uses: true,
} as const;

type Row = {
  id: string;
  roomId: string;
  role: string;
  createdById: string | null;
  createdByName: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  uses: number;
};

function toRecord({ createdById, createdByName, role, ...row }: Row): InvitationRecord {
  // Only the server writes `role`, from the closed list.
  return { ...row, role: role as Role, createdBy: { userId: createdById, displayName: createdByName } };
}

export function createInvitationRepository(prisma: PrismaClient): InvitationRepository {
  return {
    create: async ({ createdBy, ...invitation }) =>
      toRecord(
        await prisma.invitation.create({
          data: { ...invitation, createdById: createdBy.userId, createdByName: createdBy.displayName },
          select: fields,
        }),
      ),

    get: async (id) => {
      const row = await prisma.invitation.findUnique({ where: { id }, select: fields });
      return row ? toRecord(row) : null;
    },

    listForRoom: async (roomId, limit) =>
      (
        await prisma.invitation.findMany({
          where: { roomId },
          select: fields,
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: limit,
        })
      ).map(toRecord),

    revoke: async (roomId, id, at) => {
      const { count } = await prisma.invitation.updateMany({ where: { id, roomId, revokedAt: null }, data: { revokedAt: at } });
      const row = await prisma.invitation.findFirst({ where: { id, roomId }, select: fields });
      return row ? { record: toRecord(row), changed: count > 0 } : null;
    },

    countUse: async (id) => {
      await prisma.invitation.updateMany({ where: { id }, data: { uses: { increment: 1 } } });
    },

    revokedAt: async (id) => {
      const row = await prisma.invitation.findUnique({ where: { id }, select: { revokedAt: true } });
      return row ? row.revokedAt : undefined;
    },
  };
}
