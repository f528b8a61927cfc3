import type { StateCreator } from 'zustand/vanilla';
import { isNewer } from '../../../shared/changeSequence.js';
import type { Question, RemovedQuestion } from '../../../shared/conversation.js';
import type { QuestionId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/**
 * The questions this person can see, and which of them they upvoted.
 *
 * Every state of a question comes with the room's change number, and a
 * broadcast, an answer and a catch-up may bring states out of order: a state
 * replaces the one held only when it is newer (shared/changeSequence.ts).
 */
export interface QuestionsSlice {
  questions: Question[];
  upvotedQuestionIds: QuestionId[];
  /**
   * Questions that left this person's view since the last snapshot, with the
   * change number of their leaving: a late, older state of one does not
   * bring it back; a newer one (a moderator reopened it) does.
   */
  removedQuestions: Record<string, number>;
  /**
   * For a question whose count a `question:upvoted` moved after its record
   * arrived: that change's number. The count and the rest of the record age
   * apart, so a record older than the count still brings its status (two
   * processes' broadcasts may cross) but not its older count.
   */
  upvotesChangeSeqs: Record<string, number>;
  /** A new question, or a newer state of one (status, pin, votes). */
  upsertQuestion(question: Question): void;
  /** The question left this person's view with change `changeSeq` (withdrawn, or dismissed for the audience). */
  removeQuestion(questionId: QuestionId, changeSeq: number): void;
  /** Only the count moved, with change `changeSeq`. */
  setQuestionUpvotes(questionId: QuestionId, upvotes: number, changeSeq: number): void;
  setUpvoted(questionId: QuestionId, isUpvoted: boolean): void;
}

export const emptyQuestions = {
  questions: [] as Question[],
  upvotedQuestionIds: [] as QuestionId[],
  removedQuestions: {} as Record<string, number>,
  upvotesChangeSeqs: {} as Record<string, number>,
} satisfies Partial<QuestionsSlice>;

/** What the question rules read and write; `snapshotHead` (see ConversationSlice) is only read. */
export type QuestionRecords = Pick<AppState, 'questions' | 'upvotedQuestionIds' | 'removedQuestions' | 'upvotesChangeSeqs' | 'snapshotHead'>;

/**
 * The change number of what is known of a question: its held state, its
 * leaving, or else the last snapshot's head (the snapshot lists every
 * question visible then, so one it did not hold was not visible).
 */
function knownChangeSeq(records: QuestionRecords, questionId: QuestionId): number {
  return records.questions.find((q) => q.questionId === questionId)?.changeSeq ?? records.removedQuestions[questionId] ?? records.snapshotHead;
}

function without(record: Record<string, number>, key: string): Record<string, number> {
  if (!(key in record)) return record;
  const rest = { ...record };
  delete rest[key];
  return rest;
}

/** `question` in place of the state held, if newer; the same records otherwise. */
export function withQuestion<R extends QuestionRecords>(records: R, question: Question): R {
  const { questionId } = question;
  if (!isNewer(question.changeSeq, knownChangeSeq(records, questionId))) return records;
  const held = records.questions.find((q) => q.questionId === questionId);
  const countSeq = records.upvotesChangeSeqs[questionId];
  const isCountNewer = held !== undefined && countSeq !== undefined && countSeq > question.changeSeq;
  const next = isCountNewer ? { ...question, upvotes: held.upvotes } : question;
  return {
    ...records,
    questions: held ? records.questions.map((q) => (q === held ? next : q)) : [...records.questions, next],
    removedQuestions: without(records.removedQuestions, questionId),
    upvotesChangeSeqs: isCountNewer ? records.upvotesChangeSeqs : without(records.upvotesChangeSeqs, questionId),
  };
}

/** The question gone from view, if its leaving is newer than what is held; the same records otherwise. */
export function withoutQuestion<R extends QuestionRecords>(records: R, { questionId, changeSeq }: RemovedQuestion): R {
  if (!isNewer(changeSeq, knownChangeSeq(records, questionId))) return records;
  return {
    ...records,
    questions: records.questions.filter((q) => q.questionId !== questionId),
    upvotedQuestionIds: records.upvotedQuestionIds.filter((id) => id !== questionId),
    removedQuestions: { ...records.removedQuestions, [questionId]: changeSeq },
    upvotesChangeSeqs: without(records.upvotesChangeSeqs, questionId),
  };
}

/** A held question's count, if this change is newer than both its record and its count. */
function withUpvotes<R extends QuestionRecords>(records: R, questionId: QuestionId, upvotes: number, changeSeq: number): R {
  const held = records.questions.find((q) => q.questionId === questionId);
  if (!held || !isNewer(changeSeq, Math.max(held.changeSeq, records.upvotesChangeSeqs[questionId] ?? 0))) return records;
  return {
    ...records,
    questions: records.questions.map((q) => (q === held ? { ...q, upvotes } : q)),
    upvotesChangeSeqs: { ...records.upvotesChangeSeqs, [questionId]: changeSeq },
  };
}

export const createQuestionsSlice: StateCreator<AppState, [], [], QuestionsSlice> = (set) => ({
  ...emptyQuestions,
  upsertQuestion(question) {
    set((state) => withQuestion(state, question));
  },
  removeQuestion(questionId, changeSeq) {
    set((state) => withoutQuestion(state, { questionId, changeSeq }));
  },
  setQuestionUpvotes(questionId, upvotes, changeSeq) {
    set((state) => withUpvotes(state, questionId, upvotes, changeSeq));
  },
  setUpvoted(questionId, isUpvoted) {
    set((state) => {
      const others = state.upvotedQuestionIds.filter((id) => id !== questionId);
      return { upvotedQuestionIds: isUpvoted ? [...others, questionId] : others };
    });
  },
});
