import { describe, expect, it } from 'vitest';
import { QUESTION_ACTIONS, QUESTION_STATUSES, type QuestionStatus } from '../../shared/conversation.js';
import { outcomeOf } from '../test/outcome.js';
import { applyQuestionAction, assertCanUpvote, isVisibleToAudience, withdraw, type QuestionFlags } from './questionMachine.js';

const flags = (status: QuestionStatus, extra: Partial<QuestionFlags> = {}): QuestionFlags => ({
  status,
  isAnsweringLive: false,
  isPinned: false,
  ...extra,
});

/** A question's flags in a word or three ("open live pinned"), or the error code. */
const outcome = (run: () => QuestionFlags | void): string =>
  outcomeOf(run, (result) =>
    result
      ? [result.status, result.isAnsweringLive ? 'live' : '', result.isPinned ? 'pinned' : ''].filter(Boolean).join(' ')
      : 'ok',
  );

describe('question moderation', () => {
  it('applies every action to every status as written here', () => {
    const table: Record<string, string> = {};
    for (const status of QUESTION_STATUSES) {
      for (const action of QUESTION_ACTIONS) {
        table[`${status} ${action}`] = outcome(() => applyQuestionAction(flags(status), action));
      }
    }
    expect(table).toEqual({
      'open answer': 'answered',
      'open answer-live': 'open live',
      'open dismiss': 'dismissed',
      'open pin': 'open pinned',
      'open unpin': 'open',
      'open reopen': 'CONFLICT',
      'answered answer': 'CONFLICT',
      'answered answer-live': 'CONFLICT',
      'answered dismiss': 'CONFLICT',
      'answered pin': 'CONFLICT',
      'answered unpin': 'answered',
      'answered reopen': 'open',
      'dismissed answer': 'CONFLICT',
      'dismissed answer-live': 'CONFLICT',
      'dismissed dismiss': 'CONFLICT',
      'dismissed pin': 'CONFLICT',
      'dismissed unpin': 'dismissed',
      'dismissed reopen': 'open',
      'withdrawn answer': 'CONFLICT',
      'withdrawn answer-live': 'CONFLICT',
      'withdrawn dismiss': 'CONFLICT',
      'withdrawn pin': 'CONFLICT',
      'withdrawn unpin': 'CONFLICT',
      'withdrawn reopen': 'CONFLICT',
    });
  });

  it('ends "answering live" and unpins when a question is answered', () => {
    expect(outcome(() => applyQuestionAction(flags('open', { isAnsweringLive: true, isPinned: true }), 'answer'))).toBe(
      'answered',
    );
  });

  it('lets the asker withdraw only an open question', () => {
    expect(QUESTION_STATUSES.map((status) => outcome(() => withdraw(flags(status, { isPinned: true }))))).toEqual([
      'withdrawn',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
  });

  it('takes upvotes on open questions only, and shows the audience open and answered ones', () => {
    expect(QUESTION_STATUSES.map((status) => outcome(() => assertCanUpvote(status)))).toEqual([
      'ok',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
    ]);
    expect(QUESTION_STATUSES.filter(isVisibleToAudience)).toEqual(['open', 'answered']);
  });
});
