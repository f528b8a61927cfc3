import { describe, expect, it } from 'vitest';
import { POLL_STATES } from '../../shared/conversation.js';
import { outcomeOf } from '../test/outcome.js';
import { assertVotingOpen, nextPollState, validateChoices, type PollCommand } from './pollMachine.js';


describe('poll state machine', () => {
  it('goes draft → open → closed and nowhere else', () => {
    const table: Record<string, string> = {};
    for (const state of POLL_STATES) {
      for (const command of ['open', 'close'] as PollCommand[]) {
        table[`${state} ${command}`] = outcomeOf(() => nextPollState(state, command));
      }
    }
    expect(table).toEqual({
      'draft open': 'open',
      'draft close': 'CONFLICT',
      'open open': 'CONFLICT',
      'open close': 'closed',
      'closed open': 'CONFLICT',
      'closed close': 'CONFLICT',
    });
  });

  it('takes votes only while open', () => {
    expect(POLL_STATES.map((state) => outcomeOf(() => assertVotingOpen(state)))).toEqual(['CONFLICT', 'ok', 'CONFLICT']);
  });
});

describe('poll choices', () => {
  it('takes exactly one option in a single-choice poll', () => {
    expect(validateChoices('single', 3, [2])).toEqual([2]);
    expect(outcomeOf(() => validateChoices('single', 3, [0, 1]))).toBe('INVALID_PAYLOAD');
  });

  it('takes several distinct options in a multiple-choice poll, sorted', () => {
    expect(validateChoices('multiple', 4, [3, 0, 2])).toEqual([0, 2, 3]);
  });

  it('refuses a repeated option (one vote per option per person) and options that do not exist', () => {
    expect(outcomeOf(() => validateChoices('multiple', 3, [1, 1]))).toBe('INVALID_PAYLOAD');
    expect(outcomeOf(() => validateChoices('multiple', 3, [3]))).toBe('INVALID_PAYLOAD');
    expect(outcomeOf(() => validateChoices('single', 2, [-1]))).toBe('INVALID_PAYLOAD');
  });
});
