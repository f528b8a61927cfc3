import type { IdentifiedAuthor, Question, QuestionStatus } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import { asQuestionId, type QuestionId } from '../../shared/ids.js';
import type { QuestionFlags } from '../questions/questionMachine.js';
import type { PrismaClient } from './generated/client.js';

/** A question as stored: always with its asker (views hide them from the audience). */
export interface StoredQuestion extends QuestionFlags {
  questionId: QuestionId;
  body: string;
  askedAt: string;
  author: IdentifiedAuthor;
  isAnonymous: boolean;
  upvotes: number;
  /** The room's change number of this state (shared/changeSequence.ts). */
  changeSeq: number;
}

/** Questions and their upvotes, persisted. One upvote per person per question (the key). */
export interface QuestionRepository {
  /**
   * Stores a new question, or, when the asker already asked one in this
   * room with the same `requestId` (a retry), finds that one (as it is now):
   * the database's unique index decides, so a first attempt that committed
   * after its request had given up is found too.
   */
  ask(input: {
    roomId: string;
    author: IdentifiedAuthor;
    body: string;
    isAnonymous: boolean;
    requestId?: string | undefined;
  }): Promise<StoredQuestion>;
  /** The room's questions, oldest first. */
  list(roomId: string): Promise<StoredQuestion[]>;
  /** The room's questions whose latest change is numbered after `since`, in change order, at most `limit`. */
  changedSince(roomId: string, since: number, limit: number): Promise<StoredQuestion[]>;
  /** The question if it belongs to this room. */
  find(roomId: string, questionId: QuestionId): Promise<StoredQuestion | null>;
  /** Changes its flags; withdrawing it also blanks its text. */
  update(questionId: QuestionId, flags: QuestionFlags): Promise<StoredQuestion>;
  /**
   * Adds or takes back one person's upvote (idempotent); returns the
   * question's count and the change number the new count took.
   */
  vote(questionId: QuestionId, userId: string, upvote: boolean): Promise<{ upvotes: number; changeSeq: number }>;
  /** The questions of the room this person upvoted. */
  upvotedBy(roomId: string, userId: string): Promise<QuestionId[]>;
}

const select = {
  id: true,
  body: true,
  askedAt: true,
  authorId: true,
  authorName: true,
  authorRole: true,
  isAnonymous: true,
  status: true,
  isAnsweringLive: true,
  isPinned: true,
  changeSeq: true,
  _count: { select: { votes: true } },
} as const;

interface QuestionRow {
  id: string;
  body: string;
  askedAt: Date;
  authorId: string;
  authorName: string;
  authorRole: string;
  isAnonymous: boolean;
  status: string;
  isAnsweringLive: boolean;
  isPinned: boolean;
  changeSeq: number;
  _count: { votes: number };
}

const toStored = (row: QuestionRow): StoredQuestion => ({
  questionId: asQuestionId(row.id),
  body: row.body,
  askedAt: row.askedAt.toISOString(),
  author: { userId: row.authorId, displayName: row.authorName, role: row.authorRole as Role },
  isAnonymous: row.isAnonymous,
  upvotes: row._count.votes,
  status: row.status as QuestionStatus,
  isAnsweringLive: row.isAnsweringLive,
  isPinned: row.isPinned,
  changeSeq: row.changeSeq,
});

/**
 * The question as one viewer sees it. The moderators and the asker
 * (`showAsker`) see the asker with their id; anyone else sees an anonymous
 * asker not at all and the others by name only (shared/roster.ts:
 * seesAuthorId).
 */
export function viewQuestion(question: StoredQuestion, showAsker: boolean): Question {
  const { displayName, role } = question.author;
  return {
    questionId: question.questionId,
    body: question.body,
    askedAt: question.askedAt,
    askedBy: showAsker ? question.author : question.isAnonymous ? null : { displayName, role },
    isAnonymous: question.isAnonymous,
    upvotes: question.upvotes,
    status: question.status,
    isAnsweringLive: question.isAnsweringLive,
    isPinned: question.isPinned,
    changeSeq: question.changeSeq,
  };
}

export function createQuestionRepository(prisma: PrismaClient): QuestionRepository {
  return {
    ask: async ({ roomId, author, body, isAnonymous, requestId = null }) => {
      // Found first, as a chat message's retry is (chatRepository.ts: a skipped insert would still take a number).
      const repeated = requestId !== null ? await prisma.question.findFirst({ where: { roomId, authorId: author.userId, requestId }, select }) : null;
      if (repeated) return toStored(repeated);
      // ON CONFLICT DO NOTHING: a retry racing its first attempt inserts nothing (and fails nothing) and reads the row it repeats.
      const [created] = await prisma.question.createManyAndReturn({
        data: [
          {
            roomId,
            authorId: author.userId,
            authorName: author.displayName,
            authorRole: author.role,
            body,
            isAnonymous,
            requestId,
          },
        ],
        skipDuplicates: true,
      });
      if (created) return toStored({ ...created, _count: { votes: 0 } });
      const stored = await prisma.question.findFirst({ where: { roomId, authorId: author.userId, requestId }, select });
      // Only the unique index skips a row, and only a room's deletion removes one.
      if (!stored) throw new Error('a question skipped as a retry is not in the database');
      return toStored(stored);
    },

    list: async (roomId) =>
      (await prisma.question.findMany({ where: { roomId }, orderBy: { seq: 'asc' }, select })).map(toStored),

    changedSince: async (roomId, since, limit) =>
      (
        await prisma.question.findMany({
          where: { roomId, changeSeq: { gt: since } },
          orderBy: { changeSeq: 'asc' },
          take: limit,
          select,
        })
      ).map(toStored),

    find: async (roomId, questionId) => {
      const row = await prisma.question.findFirst({ where: { id: questionId, roomId }, select });
      return row ? toStored(row) : null;
    },

    update: async (questionId, { status, isAnsweringLive, isPinned }) =>
      toStored(
        await prisma.question.update({
          where: { id: questionId },
          // A withdrawn question is gone for everyone for good: its words are not kept (a dismissed one can be reopened).
          data: { status, isAnsweringLive, isPinned, ...(status === 'withdrawn' ? { body: '' } : {}) },
          select,
        }),
      ),

    vote: async (questionId, userId, upvote) => {
      if (upvote) {
        // The primary key (question, person) makes a second upvote a no-op.
        await prisma.questionVote.createMany({ data: [{ questionId, userId }], skipDuplicates: true });
      } else {
        await prisma.questionVote.deleteMany({ where: { questionId, userId } });
      }
      // The count is part of the question as people see it: the new count takes the room's next
      // change number (the update's trigger gives it), so a client that missed it asks for it.
      const [touched] = await prisma.$queryRaw<{ changeSeq: number }[]>`
        UPDATE "Question" SET "changeSeq" = 0 WHERE "id" = ${questionId} RETURNING "changeSeq"`;
      const upvotes = await prisma.questionVote.count({ where: { questionId } });
      return { upvotes, changeSeq: touched?.changeSeq ?? 0 };
    },

    upvotedBy: async (roomId, userId) =>
      (
        await prisma.questionVote.findMany({ where: { userId, question: { roomId } }, select: { questionId: true } })
      ).map((row) => asQuestionId(row.questionId)),
  };
}
