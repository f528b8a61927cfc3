import type { BuzzMember, BuzzMethod, BuzzOutputs, BuzzPhase, BuzzRound, LateArrivals } from '../../shared/buzz.js';
import type { PrismaClient } from './generated/client.js';

/** A round as the server works with it: every group with its members. */
export interface RoundRecord
  extends Pick<BuzzRound, 'phase' | 'method' | 'lateArrivals' | 'selfSelectCap' | 'startedAt' | 'endsAt' | 'returnAt'> {
  id: string;
  seq: number;
  roomId: string;
  endedAt: number | null;
  groups: GroupRecord[];
}

export interface GroupRecord {
  index: number;
  roomId: string | null;
  name: string;
  prompt: string;
  facilitatorUserId: string | null;
  helpRequestedAt: number | null;
  helpRequestedBy: string | null;
  members: BuzzMember[];
}

/** A draft's groups, in order: what the moderator previewed and adjusted. */
export interface DraftGroup {
  name: string;
  prompt: string;
  facilitatorUserId: string | null;
  members: BuzzMember[];
}

export interface DraftSettings {
  method: BuzzMethod;
  lateArrivals: LateArrivals;
  selfSelectCap: number | null;
}

export type RoundTimes = Partial<Pick<RoundRecord, 'phase' | 'startedAt' | 'endsAt' | 'returnAt' | 'endedAt'>>;

/**
 * Buzz rounds, their groups and who is in which, persisted so that a
 * reconnecting person (on any process) finds their group, and a finished
 * round's notes stay readable in the main session.
 */
export interface BuzzRepository {
  /** The room's round that is not over (a draft, or groups running or ending), if any. */
  current(roomId: string): Promise<RoundRecord | null>;
  /** Replaces the room's draft (there is at most one round that is not over). */
  saveDraft(roomId: string, settings: DraftSettings, groups: DraftGroup[]): Promise<RoundRecord>;
  /** Starts a draft: every group gets its own room (`buzz-<seq>-<n>`), child of the session's. */
  start(roundId: string, startedAt: number, endsAt: number): Promise<RoundRecord>;
  setTimes(roundId: string, times: RoundTimes): Promise<void>;
  /** Puts (or moves) someone in a group. */
  place(roundId: string, member: BuzzMember, groupIndex: number): Promise<void>;
  /**
   * Self-selection: puts someone in a group if it has fewer than `cap`
   * people, checked and written under a lock on the round so that two
   * people choosing the last place at once cannot both get it.
   */
  placeWithCap(roundId: string, member: BuzzMember, groupIndex: number, cap: number): Promise<boolean>;
  setHelp(roundId: string, groupIndex: number, at: number | null, by: string | null): Promise<void>;
  notes(roundId: string, groupIndex: number): Promise<Uint8Array | null>;
  saveNotes(roundId: string, groupIndex: number, state: Uint8Array, text: string): Promise<void>;
  /** The room's last finished round that ran: each group's notes. */
  lastOutputs(roomId: string): Promise<BuzzOutputs | null>;
  /** Takes the session's next `count` buzz-change numbers (one statement: two processes never share one); @returns the last. */
  takeNumbers(roomId: string, count: number): Promise<number>;
  /** The session's last buzz-change number given. */
  lastNumber(roomId: string): Promise<number>;
}

const roundInclude = {
  groups: {
    orderBy: { index: 'asc' },
    select: {
      index: true,
      roomId: true,
      name: true,
      prompt: true,
      facilitatorUserId: true,
      helpRequestedAt: true,
      helpRequestedBy: true,
    },
  },
  members: { select: { userId: true, displayName: true, groupIndex: true }, orderBy: { displayName: 'asc' } },
} as const;

const ms = (date: Date | null): number | null => (date ? date.getTime() : null);
const date = (value: number | null | undefined): Date | null | undefined =>
  value === undefined ? undefined : value === null ? null : new Date(value);

type RoundRow = {
  id: string;
  seq: number;
  roomId: string;
  phase: string;
  method: string;
  lateArrivals: string;
  selfSelectCap: number | null;
  startedAt: Date | null;
  endsAt: Date | null;
  returnAt: Date | null;
  endedAt: Date | null;
  groups: {
    index: number;
    roomId: string | null;
    name: string;
    prompt: string;
    facilitatorUserId: string | null;
    helpRequestedAt: Date | null;
    helpRequestedBy: string | null;
  }[];
  members: { userId: string; displayName: string; groupIndex: number }[];
};

function toRecord(row: RoundRow): RoundRecord {
  const byGroup = new Map<number, BuzzMember[]>();
  for (const { userId, displayName, groupIndex } of row.members) {
    let list = byGroup.get(groupIndex);
    if (!list) byGroup.set(groupIndex, (list = []));
    list.push({ userId, displayName });
  }
  return {
    id: row.id,
    seq: row.seq,
    roomId: row.roomId,
    phase: row.phase as BuzzPhase,
    method: row.method as BuzzMethod,
    lateArrivals: row.lateArrivals as LateArrivals,
    selfSelectCap: row.selfSelectCap,
    startedAt: ms(row.startedAt),
    endsAt: ms(row.endsAt),
    returnAt: ms(row.returnAt),
    endedAt: ms(row.endedAt),
    groups: row.groups.map((group) => ({
      ...group,
      helpRequestedAt: ms(group.helpRequestedAt),
      members: byGroup.get(group.index) ?? [],
    })),
  };
}

const OPEN_PHASES = ['draft', 'running', 'ending'];

export function createBuzzRepository(prisma: PrismaClient): BuzzRepository {
  return {
    current: async (roomId) => {
      const row = await prisma.buzzRound.findFirst({
        where: { roomId, phase: { in: OPEN_PHASES } },
        orderBy: { createdAt: 'desc' },
        include: roundInclude,
      });
      return row ? toRecord(row) : null;
    },

    saveDraft: (roomId, settings, groups) =>
      prisma.$transaction(async (tx) => {
        await tx.buzzRound.deleteMany({ where: { roomId, phase: 'draft' } });
        const round = await tx.buzzRound.create({
          data: {
            roomId,
            phase: 'draft',
            ...settings,
            groups: {
              create: groups.map(({ name, prompt, facilitatorUserId }, index) => ({ index, name, prompt, facilitatorUserId })),
            },
          },
          select: { id: true },
        });
        await tx.buzzMember.createMany({
          data: groups.flatMap((group, groupIndex) =>
            group.members.map((member) => ({ roundId: round.id, groupIndex, ...member })),
          ),
        });
        return toRecord(await tx.buzzRound.findUniqueOrThrow({ where: { id: round.id }, include: roundInclude }));
      }),

    start: (roundId, startedAt, endsAt) =>
      prisma.$transaction(async (tx) => {
        const round = await tx.buzzRound.findUniqueOrThrow({
          where: { id: roundId },
          select: { seq: true, roomId: true, groups: { select: { index: true, name: true } } },
        });
        const rooms = round.groups.map((group) => ({
          id: `buzz-${round.seq}-${group.index + 1}`,
          title: group.name,
          parentRoomId: round.roomId,
        }));
        await tx.room.createMany({ data: rooms });
        // One statement for every group's room link, however many groups.
        await tx.$executeRaw`
          UPDATE "BuzzGroup" SET "roomId" = 'buzz-' || ${round.seq}::int || '-' || ("index" + 1)
          WHERE "roundId" = ${roundId}`;
        await tx.buzzRound.update({
          where: { id: roundId },
          data: { phase: 'running', startedAt: new Date(startedAt), endsAt: new Date(endsAt) },
        });
        return toRecord(await tx.buzzRound.findUniqueOrThrow({ where: { id: roundId }, include: roundInclude }));
      }),

    setTimes: async (roundId, times) => {
      await prisma.buzzRound.update({
        where: { id: roundId },
        data: {
          phase: times.phase,
          startedAt: date(times.startedAt),
          endsAt: date(times.endsAt),
          returnAt: date(times.returnAt),
          endedAt: date(times.endedAt),
        },
      });
    },

    place: async (roundId, member, groupIndex) => {
      await prisma.buzzMember.upsert({
        where: { roundId_userId: { roundId, userId: member.userId } },
        create: { roundId, groupIndex, ...member },
        update: { groupIndex, displayName: member.displayName },
      });
    },

    placeWithCap: (roundId, member, groupIndex, cap) =>
      prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "BuzzRound" WHERE "id" = ${roundId} FOR UPDATE`;
        const taken = await tx.buzzMember.count({
          where: { roundId, groupIndex, NOT: { userId: member.userId } },
        });
        if (taken >= cap) return false;
        await tx.buzzMember.upsert({
          where: { roundId_userId: { roundId, userId: member.userId } },
          create: { roundId, groupIndex, ...member },
          update: { groupIndex, displayName: member.displayName },
        });
        return true;
      }),

    setHelp: async (roundId, groupIndex, at, by) => {
      await prisma.buzzGroup.update({
        where: { roundId_index: { roundId, index: groupIndex } },
        data: { helpRequestedAt: date(at), helpRequestedBy: by },
      });
    },

    notes: async (roundId, groupIndex) => {
      const row = await prisma.buzzGroup.findUnique({
        where: { roundId_index: { roundId, index: groupIndex } },
        select: { notes: true },
      });
      return row?.notes ? new Uint8Array(row.notes) : null;
    },

    saveNotes: async (roundId, groupIndex, state, text) => {
      await prisma.buzzGroup.update({
        where: { roundId_index: { roundId, index: groupIndex } },
        data: { notes: Buffer.from(state), notesText: text },
      });
    },

    takeNumbers: async (roomId, count) => {
      const room = await prisma.room.update({
        where: { id: roomId },
        data: { buzzSeq: { increment: count } },
        select: { buzzSeq: true },
      });
      return room.buzzSeq;
    },

    lastNumber: async (roomId) => {
      const room = await prisma.room.findUnique({ where: { id: roomId }, select: { buzzSeq: true } });
      return room?.buzzSeq ?? 0;
    },

    lastOutputs: async (roomId) => {
      const round = await prisma.buzzRound.findFirst({
        where: { roomId, phase: 'ended', startedAt: { not: null } },
        orderBy: { endedAt: 'desc' },
        select: {
          id: true,
          endedAt: true,
          groups: {
            orderBy: { index: 'asc' },
            select: { index: true, name: true, prompt: true, facilitatorUserId: true, notesText: true },
          },
          members: { select: { userId: true, displayName: true } },
        },
      });
      if (!round?.endedAt) return null;
      const names = new Map(round.members.map((member) => [member.userId, member.displayName]));
      return {
        roundId: round.id,
        endedAt: round.endedAt.getTime(),
        groups: round.groups.map(({ notesText, facilitatorUserId, ...group }) => ({
          ...group,
          facilitatorUserId,
          facilitatorName: facilitatorUserId ? (names.get(facilitatorUserId) ?? null) : null,
          notes: notesText,
        })),
      };
    },
  };
}
