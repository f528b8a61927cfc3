import { describe, expect, it } from 'vitest';
import { applicationStep, listsQuestions } from './applicationStep.js';

const open = { isOpen: true };
const closed = { isOpen: false };
const confirmed = { emailVerified: true };

describe('where a person stands with a call', () => {
  it('asks to sign in, then to confirm the address, before offering the form', () => {
    expect(applicationStep(open, null, null)).toBe('signIn');
    expect(applicationStep(open, { emailVerified: false }, null)).toBe('confirmEmail');
    expect(applicationStep(open, confirmed, null)).toBe('apply');
  });

  it('offers nothing to apply with once the call is closed, signed in or not', () => {
    expect(applicationStep(closed, null, null)).toBe('closed');
    expect(applicationStep(closed, confirmed, null)).toBe('closed');
  });

  it('lets a sent application change until the deadline, then waits for the decision', () => {
    expect(applicationStep(open, confirmed, { state: 'submitted' })).toBe('edit');
    expect(applicationStep(closed, confirmed, { state: 'submitted' })).toBe('waiting');
  });

  it('leaves a decided or withdrawn application as it is, open call or not', () => {
    for (const state of ['accepted', 'declined', 'withdrawn'] as const) {
      expect(applicationStep(open, confirmed, { state })).toBe('decided');
      expect(applicationStep(closed, confirmed, { state })).toBe('decided');
    }
  });

  it('lists the questions only where neither the form nor one’s answers show them', () => {
    expect(['signIn', 'closed', 'confirmEmail'].every((step) => listsQuestions(step as never))).toBe(true);
    expect(['apply', 'edit', 'waiting', 'decided'].some((step) => listsQuestions(step as never))).toBe(false);
  });
});
