import type { ChatMute, LobbyEntry, RoomControls } from '../../shared/conversation.js';
import { asLobbyEntryId, type LobbyEntryId } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';

/** Where someone stands with a room's lobby. */
export type LobbyStatus = 'waiting' | 'admitted' | 'refused' | 'left';

/**
 * What moderators control about a room, persisted so that every server
 * process sees the same: the switches, muted chats, the lobby.
 */
export interface RoomControlRepository {
  /** The room's controls, or null when the room does not exist. */
  controls(roomId: string): Promise<RoomControls | null>;
  setControls(roomId: string, change: Partial<RoomControls>): Promise<RoomControls>;

  /** The controls and whether this person's chat is muted, in one query (every message asks). */
  writingRights(roomId: string, userId: string): Promise<{ controls: RoomControls; isChatMuted: boolean } | null>;
  /** Mutes (or unmutes) one person's chat; false when nothing changed. */
  setChatMuted(
    roomId: string,
    person: { userId: string; displayName: string },
    muted: boolean,
    by: string,
  ): Promise<boolean>;
  chatMutes(roomId: string): Promise<ChatMute[]>;

  /**
   * Someone asks to come in: a new or returning knock waits; an earlier
   * decision (admitted, refused) stands. Returns the resulting status.
   */
  knock(roomId: string, person: { userId: string; displayName: string }): Promise<LobbyStatus>;
  /** Decides for someone still waiting; null when the entry is not (or no longer) waiting in this room. */
  decide(
    roomId: string,
    entryId: LobbyEntryId,
    decision: 'admitted' | 'refused',
    by: string,
  ): Promise<{ userId: string; displayName: string } | null>;
  /** Someone waiting went away (closed the page). */
  leaveLobby(roomId: string, userId: string): Promise<boolean>;
  waiting(roomId: string): Promise<LobbyEntry[]>;
}

/** The columns of a room that make its {@link RoomControls}. */
export const controlFields = {
  isLocked: true,
  hasLobby: true,
  isAudienceChatEnabled: true,
  autoRecord: true,
  isRosterVisible: true,
} as const;

export function createRoomControlRepository(prisma: PrismaClient): RoomControlRepository {
  return {
    controls: (roomId) => prisma.room.findUnique({ where: { id: roomId }, select: controlFields }),

    setControls: (roomId, change) => prisma.room.update({ where: { id: roomId }, data: change, select: controlFields }),

    writingRights: async (roomId, userId) => {
      const row = await prisma.room.findUnique({
        where: { id: roomId },
        select: { ...controlFields, chatMutes: { where: { userId }, select: { userId: true } } },
      });
      if (!row) return null;
      const { chatMutes, ...controls } = row;
      return { controls, isChatMuted: chatMutes.length > 0 };
    },

    setChatMuted: async (roomId, { userId, displayName }, muted, by) => {
      if (muted) {
        const { count } = await prisma.chatMute.createMany({
          data: [{ roomId, userId, displayName, mutedBy: by }],
          skipDuplicates: true,
        });
        return count === 1;
      }
      const { count } = await prisma.chatMute.deleteMany({ where: { roomId, userId } });
      return count === 1;
    },

    chatMutes: async (roomId) =>
      (
        await prisma.chatMute.findMany({
          where: { roomId },
          orderBy: { mutedAt: 'desc' },
          select: { userId: true, displayName: true, mutedAt: true },
        })
      ).map((row) => ({ ...row, mutedAt: row.mutedAt.toISOString() })),

    knock: async (roomId, { userId, displayName }) => {
      const existing = await prisma.lobbyEntry.findUnique({
        where: { roomId_userId: { roomId, userId } },
        select: { status: true },
      });
      if (existing?.status === 'admitted' || existing?.status === 'refused') return existing.status;
      await prisma.lobbyEntry.upsert({
        where: { roomId_userId: { roomId, userId } },
        create: { roomId, userId, displayName },
        update: { status: 'waiting', displayName, requestedAt: new Date() },
      });
      return 'waiting';
    },

    decide: async (roomId, entryId, decision, by) => {
      const { count } = await prisma.lobbyEntry.updateMany({
        where: { id: entryId, roomId, status: 'waiting' },
        data: { status: decision, decidedAt: new Date(), decidedBy: by },
      });
      if (count !== 1) return null;
      return prisma.lobbyEntry.findUnique({ where: { id: entryId }, select: { userId: true, displayName: true } });
    },

    leaveLobby: async (roomId, userId) => {
      const { count } = await prisma.lobbyEntry.updateMany({
        where: { roomId, userId, status: 'waiting' },
        data: { status: 'left' },
      });
      return count === 1;
    },

    waiting: async (roomId) =>
      (
        await prisma.lobbyEntry.findMany({
          where: { roomId, status: 'waiting' },
          orderBy: { requestedAt: 'asc' },
          select: { id: true, displayName: true, requestedAt: true },
        })
      ).map((row) => ({
        entryId: asLobbyEntryId(row.id),
        displayName: row.displayName,
        waitingSince: row.requestedAt.toISOString(),
      })),
  };
}
