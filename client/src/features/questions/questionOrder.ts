import type { Question, QuestionStatus } from '../../../../shared/conversation.js';

export type QuestionOrder = 'top' | 'newest';

/** Open questions are the ones still to take; answered, then dismissed (moderators only) follow. */
const STATUS_RANK: Record<QuestionStatus, number> = { open: 0, answered: 1, dismissed: 2, withdrawn: 3 };

const time = (question: Question) => Date.parse(question.askedAt) || 0;

/**
 * The order questions are listed in: pinned first, then by status, then
 * "top" (most upvotes, the earlier asked first among equals) or "newest".
 */
export function orderQuestions(questions: readonly Question[], order: QuestionOrder): Question[] {
  return [...questions].sort(
    (a, b) =>
      Number(b.isPinned) - Number(a.isPinned) ||
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      (order === 'top' ? b.upvotes - a.upvotes || time(a) - time(b) : time(b) - time(a)) ||
      a.questionId.localeCompare(b.questionId),
  );
}
