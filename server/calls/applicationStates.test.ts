import { describe, expect, it } from 'vitest';
import { APPLICATION_STATES } from '../../shared/calls.js';
import { isCallOpen, nextState } from './applicationStates.js';

describe('an application’s states', () => {
  it('is decided once: accepted or declined from submitted only', () => {
    expect(nextState('submitted', 'accept', false)).toBe('accepted');
    expect(nextState('submitted', 'decline', true)).toBe('declined');
    for (const state of ['accepted', 'declined', 'withdrawn'] as const) {
      expect(nextState(state, 'accept', true)).toBeNull();
      expect(nextState(state, 'decline', true)).toBeNull();
    }
  });

  it('is changed by its applicant while the call is open, and withdrawn until decided', () => {
    expect(nextState('submitted', 'edit', true)).toBe('submitted');
    expect(nextState('submitted', 'edit', false)).toBeNull();
    expect(nextState('submitted', 'withdraw', false)).toBe('withdrawn');
    expect(nextState('accepted', 'withdraw', true)).toBeNull();
    expect(nextState('withdrawn', 'edit', true)).toBeNull();
  });

  it('leaves no state a way back to submitted once it has left it', () => {
    for (const state of APPLICATION_STATES.filter((value) => value !== 'submitted')) {
      for (const action of ['edit', 'withdraw', 'accept', 'decline'] as const) expect(nextState(state, action, true)).toBeNull();
    }
  });
});

describe('a call', () => {
  const closesAt = new Date('2027-03-01T12:00:00Z');
  it('takes applications while open and before its deadline (a fake clock)', () => {
    expect(isCallOpen({ status: 'open', closesAt }, new Date('2027-03-01T11:59:59Z'))).toBe(true);
    expect(isCallOpen({ status: 'open', closesAt }, new Date('2027-03-01T12:00:00Z'))).toBe(false);
    expect(isCallOpen({ status: 'draft', closesAt }, new Date('2027-02-01T00:00:00Z'))).toBe(false);
    expect(isCallOpen({ status: 'closed', closesAt }, new Date('2027-02-01T00:00:00Z'))).toBe(false);
  });
});
