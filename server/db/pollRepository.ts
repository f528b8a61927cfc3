import type { Poll, PollKind, PollResults, PollState } from '../../shared/conversation.js';
import { asPollId, type PollId } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';

/** A poll as stored, always with its current tally (views decide who sees the results). */
export type StoredPoll = Omit<Poll, 'results'> & { results: PollResults };

/** What a vote is checked against, without counting the votes. */
export type PollHeader = Pick<Poll, 'pollId' | 'kind' | 'options' | 'state'>;

/** Polls and votes, persisted. One current choice per person per poll (the key). */
export interface PollRepository {
  create(input: { roomId: string; question: string; kind: PollKind; options: string[]; createdBy: string }): Promise<StoredPoll>;
  /** The room's polls, oldest first. */
  list(roomId: string): Promise<StoredPoll[]>;
  /** The room's polls whose latest change is numbered after `since`, in change order, at most `limit`. */
  changedSince(roomId: string, since: number, limit: number): Promise<StoredPoll[]>;
  /**
   * The tally moved: the poll takes the room's next change number, so a
   * client that missed the new tally asks for it. Returns the poll as it
   * stands then (null if it is not in this room).
   */
  touch(roomId: string, pollId: PollId): Promise<StoredPoll | null>;
  /** The poll, with its tally, if it belongs to this room. */
  find(roomId: string, pollId: PollId): Promise<StoredPoll | null>;
  /** The poll without its tally (cheap: every vote checks it), if it belongs to this room. */
  header(roomId: string, pollId: PollId): Promise<PollHeader | null>;
  /**
   * Moves the poll from one state to the next only if it is still in `from`
   * (two moderators closing at once: one wins). False when it was not.
   */
  transition(pollId: PollId, from: PollState, to: PollState): Promise<boolean>;
  shareResults(pollId: PollId, shared: boolean): Promise<void>;
  /**
   * Records (or replaces) one person's choice, atomically with the poll
   * still being open: a vote racing a close is either counted before it or
   * refused. False when the poll was not open.
   */
  vote(pollId: PollId, userId: string, choices: number[]): Promise<boolean>;
  /** This person's current choices in the room's polls, by poll id. */
  choicesOf(roomId: string, userId: string): Promise<Record<string, number[]>>;
}

interface PollRow {
  id: string;
  question: string;
  kind: string;
  options: string[];
  state: string;
  resultsShared: boolean;
  createdAt: Date;
  changeSeq: number;
}

const select = {
  id: true,
  question: true,
  kind: true,
  options: true,
  state: true,
  resultsShared: true,
  createdAt: true,
  changeSeq: true,
} as const;

/**
 * The tallies of some polls, counted by the database (one row per chosen
 * option, not one per vote), so a poll with thousands of voters stays cheap
 * to show to each person who joins.
 */
async function withResults(prisma: PrismaClient, rows: PollRow[]): Promise<StoredPoll[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [choices, voters] = await Promise.all([
    prisma.$queryRaw<{ pollId: string; choice: number; votes: number }[]>`
      SELECT "pollId", choice, COUNT(*)::integer AS votes
      FROM "PollVote", unnest("choices") AS choice
      WHERE "pollId" = ANY(${ids}::text[])
      GROUP BY "pollId", choice`,
    prisma.pollVote.groupBy({ by: ['pollId'], where: { pollId: { in: ids } }, _count: { _all: true } }),
  ]);
  return rows.map((row) => {
    const counts = new Array<number>(row.options.length).fill(0);
    for (const { pollId, choice, votes } of choices) {
      if (pollId === row.id && choice >= 0 && choice < counts.length) counts[choice] = votes;
    }
    return {
      pollId: asPollId(row.id),
      question: row.question,
      kind: row.kind as PollKind,
      options: row.options,
      state: row.state as PollState,
      resultsShared: row.resultsShared,
      results: { counts, voters: voters.find((group) => group.pollId === row.id)?._count._all ?? 0 },
      createdAt: row.createdAt.toISOString(),
      changeSeq: row.changeSeq,
    };
  });
}

/** The poll as one viewer sees it: results for moderators, for others only once shared. */
export function viewPoll(poll: StoredPoll, isModerator: boolean): Poll {
  const { results, ...rest } = poll;
  return { ...rest, results: isModerator || poll.resultsShared ? results : null };
}

export function createPollRepository(prisma: PrismaClient): PollRepository {
  return {
    create: async (data) => (await withResults(prisma, [await prisma.poll.create({ data, select })]))[0]!,

    list: async (roomId) =>
      withResults(prisma, await prisma.poll.findMany({ where: { roomId }, orderBy: { seq: 'asc' }, select })),

    changedSince: async (roomId, since, limit) =>
      withResults(
        prisma,
        await prisma.poll.findMany({ where: { roomId, changeSeq: { gt: since } }, orderBy: { changeSeq: 'asc' }, take: limit, select }),
      ),

    touch: async (roomId, pollId) => {
      // The update's trigger gives the number; only the poll's own room is touched.
      const { count } = await prisma.poll.updateMany({ where: { id: pollId, roomId }, data: { changeSeq: 0 } });
      if (count === 0) return null;
      const row = await prisma.poll.findFirst({ where: { id: pollId, roomId }, select });
      return row ? ((await withResults(prisma, [row]))[0] ?? null) : null;
    },

    find: async (roomId, pollId) => {
      const row = await prisma.poll.findFirst({ where: { id: pollId, roomId }, select });
      return row ? ((await withResults(prisma, [row]))[0] ?? null) : null;
    },

    header: async (roomId, pollId) => {
      const row = await prisma.poll.findFirst({
        where: { id: pollId, roomId },
        select: { id: true, kind: true, options: true, state: true },
      });
      return row ? { pollId: asPollId(row.id), kind: row.kind as PollKind, options: row.options, state: row.state as PollState } : null;
    },

    transition: async (pollId, from, to) => {
      const now = new Date();
      const { count } = await prisma.poll.updateMany({
        where: { id: pollId, state: from },
        data: { state: to, ...(to === 'open' ? { openedAt: now } : { closedAt: now }) },
      });
      return count === 1;
    },

    shareResults: async (pollId, shared) => {
      await prisma.poll.update({ where: { id: pollId }, data: { resultsShared: shared } });
    },

    vote: async (pollId, userId, choices) => {
      // FOR SHARE holds the poll row until the vote is written, so a close
      // (an UPDATE of that row) waits for it or makes it find no open poll.
      const written = await prisma.$executeRaw`
        INSERT INTO "PollVote" ("pollId", "userId", "choices", "votedAt")
        SELECT ${pollId}, ${userId}, ${choices}::integer[], CURRENT_TIMESTAMP
        WHERE EXISTS (SELECT 1 FROM "Poll" WHERE "id" = ${pollId} AND "state" = 'open' FOR SHARE)
        ON CONFLICT ("pollId", "userId")
        DO UPDATE SET "choices" = EXCLUDED."choices", "votedAt" = EXCLUDED."votedAt"`;
      return written === 1;
    },

    choicesOf: async (roomId, userId) => {
      const rows = await prisma.pollVote.findMany({
        where: { userId, poll: { roomId } },
        select: { pollId: true, choices: true },
      });
      return Object.fromEntries(rows.map((row) => [row.pollId, row.choices]));
    },
  };
}
