import { randomUUID } from 'node:crypto';
import type { RoomControls } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { Prisma, type PrismaClient } from './generated/client.js';
import { GroupCommit } from './groupCommit.js';
import { controlFields } from './roomControlRepository.js';

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

/** A visit still open, as a sweep of a dead process's visits reads it. */
export interface OpenVisit {
  id: string;
  roomId: string;
  peerId: string;
}

/** What everyone joining a room needs to know about it, in one read. */
export interface JoinFacts {
  /** For a buzz group's room, the session it split from; null for a session. */
  parentRoomId: string | null;
  controls: RoomControls;
  /** The programme session this room is the live room of (null for a buzz group's room, or a room outside any). */
  programme: ProgrammeGate | null;
}

/** What decides who may enter a session's room, beyond its controls. */
export interface ProgrammeGate {
  sessionId: string;
  eventId: string;
  /** The session or its event is unpublished: organisers only. */
  isDraft: boolean;
  requiresAccount: boolean;
}

const gateFields = {
  session: { select: { id: true, eventId: true, status: true, requiresAccount: true, event: { select: { status: true } } } },
} as const;

function toGate(
  session: { id: string; eventId: string; status: string; requiresAccount: boolean; event: { status: string } } | null,
): ProgrammeGate | null {
  if (!session) return null;
  return {
    sessionId: session.id,
    eventId: session.eventId,
    isDraft: session.status !== 'published' || session.event.status !== 'published',
    requiresAccount: session.requiresAccount,
  };
}

/** Rooms and attendance, persisted. */
export interface RoomRepository {
  /** Every room a session does not hide (drafts, unlisted), oldest first. */
  listRooms(): Promise<RoomSummary[]>;
  /** The room, or null when no room has this id. */
  getRoom(id: string): Promise<RoomSummary | null>;
  /** For a buzz group's room, the session it split from; null for a session; undefined when no such room. */
  parentOf(id: string): Promise<string | null | undefined>;
  /** The room's parent and controls; null when no room has this id. */
  joinFacts(id: string): Promise<JoinFacts | null>;
  /** The same for several rooms at once (a buzz round's new rooms), by id; unknown ids are left out. */
  joinFactsOf(ids: readonly string[]): Promise<Map<string, JoinFacts>>;
  /**
   * The last change number given in the room's conversation (0 when none,
   * or no such room): every change up to it is committed and readable
   * (shared/changeSequence.ts).
   */
  changeHead(id: string): Promise<number>;
  /**
   * Records that a peer joined a room; returns the visit id to pass to
   * {@link RoomRepository.endVisit} when it leaves. Visits starting (and
   * ending) at the same moment are written together.
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
  /**
   * The server processes that hold open visits (null: visits written before
   * processes were recorded), each once.
   */
  processesWithOpenVisits(): Promise<(string | null)[]>;
  /** Up to `limit` visits of a process (null: of none recorded) that are still open. */
  openVisitsOf(processId: string | null, limit: number): Promise<OpenVisit[]>;
  /** Closes these visits now; those already closed keep their leave time. Returns how many it closed. */
  closeVisits(visitIds: readonly string[]): Promise<number>;
  /**
   * Closes, now, every open visit that another process (or none recorded)
   * wrote: with a single process, what is open at its start was left by
   * one that stopped without closing it. Returns how many it closed.
   */
  closeVisitsOfOtherProcesses(processId: string): Promise<number>;
}

/** How a room repository is created. */
export interface RoomRepositoryOptions {
  /**
   * The server process this repository works for: each visit it starts
   * records it, so a sweep can close the visits of a process that died
   * (server/realtime/processLiveness.ts). Unset (a tool, a test that never
   * sweeps): visits record no process.
   */
  processId?: string | null;
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
 * const rooms = createRoomRepository(db.prisma, { processId });
 * const visitId = await rooms.startVisit({ roomId: 'buzz-groups', peerId, displayName: 'Ama' });
 * await rooms.endVisit(visitId);
 * ```
 */
export function createRoomRepository(prisma: PrismaClient, { processId = null }: RoomRepositoryOptions = {}): RoomRepository {
  type VisitRow = StartVisitInput & { id: string; processId: string | null };
  const starts = new GroupCommit<VisitRow>(async (rows) => {
    try {
      await prisma.roomVisit.createMany({ data: rows });
      return;
    } catch (error) {
      // The foreign key is the authority on whether the room exists; a
      // separate lookup first would race with the room's deletion. One row
      // refused: each is written alone, to tell whose room went away.
      if (!isForeignKeyViolation(error)) throw error;
    }
    return Promise.all(
      rows.map((row) =>
        prisma.roomVisit.create({ data: row, select: { id: true } }).then(
          () => undefined,
          (error: unknown) => (isForeignKeyViolation(error) ? new RoomNotFoundError(row.roomId) : error),
        ),
      ),
    );
  });
  const ends = new GroupCommit<string>(async (visitIds) => {
    await prisma.roomVisit.updateMany({
      where: { id: { in: visitIds }, leftAt: null },
      data: { leftAt: new Date() },
    });
  });

  return {
    // Buzz groups' rooms belong to their session and are not listed; nor are the rooms of sessions the
    // public may not see in the programme (drafts, unlisted ones, those of a draft event).
    listRooms: () =>
      prisma.room.findMany({
        where: {
          parentRoomId: null,
          OR: [{ session: { is: null } }, { session: { is: { status: 'published', visibility: 'public', event: { status: 'published' } } } }],
        },
        select: summaryFields,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),

    getRoom: (id) => prisma.room.findUnique({ where: { id }, select: summaryFields }),

    parentOf: async (id) => {
      const row = await prisma.room.findUnique({ where: { id }, select: { parentRoomId: true } });
      return row ? row.parentRoomId : undefined;
    },

    joinFacts: async (id) => {
      const row = await prisma.room.findUnique({ where: { id }, select: { parentRoomId: true, ...controlFields, ...gateFields } });
      if (!row) return null;
      const { parentRoomId, session, ...controls } = row;
      return { parentRoomId, controls, programme: toGate(session) };
    },

    joinFactsOf: async (ids) => {
      const rows = await prisma.room.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, parentRoomId: true, ...controlFields, ...gateFields },
      });
      return new Map(rows.map(({ id, parentRoomId, session, ...controls }) => [id, { parentRoomId, controls, programme: toGate(session) }]));
    },

    changeHead: async (id) => (await prisma.room.findUnique({ where: { id }, select: { changeSeq: true } }))?.changeSeq ?? 0,

    startVisit: async ({ roomId, peerId, userId, role, displayName }) => {
      const id = randomUUID();
      await starts.add({ id, roomId, peerId, userId, role, displayName, processId });
      return id;
    },

    endVisit: (visitId) => ends.add(visitId),

    knownPerson: async (roomId, userId) => {
      const visit = await prisma.roomVisit.findFirst({
        where: { roomId, userId },
        orderBy: { joinedAt: 'desc' },
        select: { displayName: true, role: true },
      });
      return visit ? { userId, displayName: visit.displayName, role: (visit.role ?? 'participant') as Role } : null;
    },

    processesWithOpenVisits: async () => {
      // GROUP BY in the database (Prisma's `distinct` would fetch every open row).
      const rows = await prisma.roomVisit.groupBy({ by: ['processId'], where: { leftAt: null } });
      return rows.map((row) => row.processId);
    },

    openVisitsOf: (owner, limit) =>
      prisma.roomVisit.findMany({
        where: { processId: owner, leftAt: null },
        select: { id: true, roomId: true, peerId: true },
        orderBy: { id: 'asc' },
        take: limit,
      }),

    closeVisits: async (visitIds) => {
      if (visitIds.length === 0) return 0;
      const { count } = await prisma.roomVisit.updateMany({
        where: { id: { in: [...visitIds] }, leftAt: null },
        data: { leftAt: new Date() },
      });
      return count;
    },

    closeVisitsOfOtherProcesses: async (self) => {
      const { count } = await prisma.roomVisit.updateMany({
        where: { leftAt: null, OR: [{ processId: null }, { processId: { not: self } }] },
        data: { leftAt: new Date() },
      });
      return count;
    },
  };
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}
