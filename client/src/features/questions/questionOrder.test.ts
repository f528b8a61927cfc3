import { describe, expect, it } from 'vitest';
import type { Question } from '../../../../shared/conversation.js';
import { question } from '../../store/testConversation.js';
import { orderQuestions } from './questionOrder.js';

/** Each question's body is its name in these tests. */
const names = (questions: Question[]) => questions.map((q) => q.body);

describe('orderQuestions', () => {
  const early = question(1, { body: 'early', askedAt: '2024-05-01T10:00:00Z', upvotes: 3 });
  const late = question(2, { body: 'late', askedAt: '2024-05-01T10:05:00Z', upvotes: 3 });
  const popular = question(3, { body: 'popular', askedAt: '2024-05-01T10:10:00Z', upvotes: 9 });
  const pinned = question(4, { body: 'pinned', askedAt: '2024-05-01T09:00:00Z', isPinned: true });
  const answered = question(5, { body: 'answered', askedAt: '2024-05-01T10:20:00Z', upvotes: 20, status: 'answered' });

  it('by top: pinned first, then most upvoted, the earlier asked first among equals; answered last', () => {
    expect(names(orderQuestions([late, answered, early, popular, pinned], 'top'))).toEqual([
      'pinned',
      'popular',
      'early',
      'late',
      'answered',
    ]);
  });

  it('by newest: pinned first, then the latest asked; answered last', () => {
    expect(names(orderQuestions([early, answered, pinned, late, popular], 'newest'))).toEqual([
      'pinned',
      'popular',
      'late',
      'early',
      'answered',
    ]);
  });

  it('does not change the list it was given', () => {
    const list = [late, early];
    orderQuestions(list, 'top');
    expect(names(list)).toEqual(['late', 'early']);
  });
});
