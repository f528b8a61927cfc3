import type { Role } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { Prisma, type PrismaClient } from './generated/client.js';

export type { RoomSummary };

/** Input of {@link RoomRepository.startVisit}. */
export interface StartVisitInput {
  roomId: string;
  peerId: string;
  userId: string;
  role: Role;
  displayName: string;
}

/** Someone who has been in a room, as their latest visit recorded them. */
export interface KnownPerson {
  userId: string;
  displayName: string;
  role: Role;
}

/** Rooms and attendance, persisted. */
export interface RoomRepository {
  /** Every room, oldest first. */
  listRooms(): Promise<RoomSummary[]>;
  /** The room, or null when no room has this id. */
  getRoom(id: string): Promise<RoomSummary | null>;
  /** For a buzz group's room, the session it split from; null for a session; undefined when no such room. */
  parentOf(id: string): Promise<string | null | undefined>;
  /**
   * Records that a peer joined a room; returns the visit id to pass to
   * {@link RoomRepository.endVisit} when it leaves.
   * @throws {RoomNotFoundError} when the room does not exist.
   */
  startVisit(input: StartVisitInput): Promise<string>;
  /**
   * Records that the visit ended. Idempotent: a visit already ended keeps its
   * first leave time, and an unknown id is ignored (a disconnect may race a
   * room's deletion).
   */
  endVisit(visitId: string): Promise<void>;
  /**
   * Someone who has been in the room (as of their latest visit), or null:
   * moderators act on people by userId, and an id nobody used here is refused.
   */
  knownPerson(roomId: string, userId: string): Promise<KnownPerson | null>;
}

/** The room asked for does not exist. */
export class RoomNotFoundError extends Error {
  readonly code = 'NOT_FOUND';

  constructor(readonly roomId: string) {
    super(`Room "${roomId}" does not exist`);
    this.name = 'RoomNotFoundError';
  }
}

const summaryFields = { id: true, title: true, description: true } as const;

/**
 * Builds the room repository over a Prisma client.
 *
 * @example
 * ```ts
 * const rooms = createRoomRepository(db.prisma);
 * const visitId = await rooms.startVisit({ roomId: 'buzz-groups', peerId, displayName: 'Ama' });
 * await rooms.endVisit(visitId);
 * ```
 */
export function createRoomRepository(prisma: PrismaClient): RoomRepository {
  return {
    // Buzz groups' rooms belong to their session and are not listed.
    listRooms: () =>
      prisma.room.findMany({ where: { parentRoomId: null }, select: summaryFields, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),

    getRoom: (id) => prisma.room.findUnique({ where: { id }, select: summaryFields }),

    parentOf: async (id) => {
      const row = await prisma.room.findUnique({ where: { id }, select: { parentRoomId: true } });
      return row ? row.parentRoomId : undefined;
    },

    startVisit: async ({ roomId, peerId, userId, role, displayName }) => {
      try {
        const visit = await prisma.roomVisit.create({
          data: { roomId, peerId, userId, role, displayName },
          select: { id: true },
        });
        return visit.id;
      } catch (error) {
        // The foreign key is the authority on whether the room exists; a
        // separate lookup first would race with the room's deletion.
        if (isForeignKeyViolation(error)) throw new RoomNotFoundError(roomId);
        throw error;
      }
    },

    endVisit: async (visitId) => {
      await prisma.roomVisit.updateMany({
        where: { id: visitId, leftAt: null },
        data: { leftAt: new Date() },
      });
    },

    knownPerson: async (roomId, userId) => {
      const visit = await prisma.roomVisit.findFirst({
        where: { roomId, userId },
        orderBy: { joinedAt: 'desc' },
        select: { displayName: true, role: true },
      });
      return visit ? { userId, displayName: visit.displayName, role: (visit.role ?? 'participant') as Role } : null;
    },
  };
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}
