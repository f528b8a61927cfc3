import { AppError } from '../../shared/errors.js';
import type { QuestionAction, QuestionStatus } from '../../shared/conversation.js';

/** The fields of a question that moderation and withdrawal change. */
export interface QuestionFlags {
  status: QuestionStatus;
  isAnsweringLive: boolean;
  isPinned: boolean;
}

/**
 * What each moderator action does to a question. An open question can be
 * answered (live, while a speaker talks, then answered for good), dismissed,
 * pinned; an answered or dismissed one can be reopened. A withdrawn question
 * is gone: nothing applies to it any more.
 */
export function applyQuestionAction(question: QuestionFlags, action: QuestionAction): QuestionFlags {
  const { status } = question;
  if (status === 'withdrawn') throw new AppError('CONFLICT', 'the asker withdrew this question');
  const refuse = () => {
    throw new AppError('CONFLICT', `cannot ${action} a question that is ${status}`);
  };
  switch (action) {
    case 'answer-live':
      if (status !== 'open') refuse();
      return { ...question, isAnsweringLive: true };
    case 'answer':
      if (status !== 'open') refuse();
      return { ...question, status: 'answered', isAnsweringLive: false, isPinned: false };
    case 'dismiss':
      if (status !== 'open') refuse();
      return { ...question, status: 'dismissed', isAnsweringLive: false, isPinned: false };
    case 'pin':
      if (status !== 'open') refuse();
      return { ...question, isPinned: true };
    case 'unpin':
      return { ...question, isPinned: false };
    case 'reopen':
      if (status === 'open') refuse();
      return { ...question, status: 'open' };
  }
}

/** The asker takes their question back; answered ones stay in the record. */
export function withdraw(question: QuestionFlags): QuestionFlags {
  if (question.status !== 'open') {
    throw new AppError('CONFLICT', `cannot withdraw a question that is ${question.status}`);
  }
  return { status: 'withdrawn', isAnsweringLive: false, isPinned: false };
}

/** Upvotes count only on open questions. */
export function assertCanUpvote(status: QuestionStatus): void {
  if (status !== 'open') throw new AppError('CONFLICT', `this question is ${status}`);
}

/** Whether someone who is neither a moderator nor the asker sees the question. */
export const isVisibleToAudience = (status: QuestionStatus): boolean => status === 'open' || status === 'answered';
