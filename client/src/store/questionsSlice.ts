import type { StateCreator } from 'zustand/vanilla';
import type { Question } from '../../../shared/conversation.js';
import type { QuestionId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/** The questions this person can see, and which of them they upvoted. */
export interface QuestionsSlice {
  questions: Question[];
  upvotedQuestionIds: QuestionId[];
  /** A new question, or a new version of one (status, pin, votes). */
  upsertQuestion(question: Question): void;
  removeQuestion(questionId: QuestionId): void;
  setQuestionUpvotes(questionId: QuestionId, upvotes: number): void;
  setUpvoted(questionId: QuestionId, isUpvoted: boolean): void;
}

export const emptyQuestions = {
  questions: [] as Question[],
  upvotedQuestionIds: [] as QuestionId[],
} satisfies Partial<QuestionsSlice>;

export const createQuestionsSlice: StateCreator<AppState, [], [], QuestionsSlice> = (set) => ({
  ...emptyQuestions,
  upsertQuestion(question) {
    set((state) => {
      const exists = state.questions.some((q) => q.questionId === question.questionId);
      return {
        questions: exists
          ? state.questions.map((q) => (q.questionId === question.questionId ? question : q))
          : [...state.questions, question],
      };
    });
  },
  removeQuestion(questionId) {
    set((state) => ({
      questions: state.questions.filter((q) => q.questionId !== questionId),
      upvotedQuestionIds: state.upvotedQuestionIds.filter((id) => id !== questionId),
    }));
  },
  setQuestionUpvotes(questionId, upvotes) {
    set((state) => ({
      questions: state.questions.map((q) => (q.questionId === questionId && q.upvotes !== upvotes ? { ...q, upvotes } : q)),
    }));
  },
  setUpvoted(questionId, isUpvoted) {
    set((state) => {
      const others = state.upvotedQuestionIds.filter((id) => id !== questionId);
      return { upvotedQuestionIds: isUpvoted ? [...others, questionId] : others };
    });
  },
});
