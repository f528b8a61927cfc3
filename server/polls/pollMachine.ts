import { AppError } from '../../shared/errors.js';
import type { PollKind, PollState } from '../../shared/conversation.js';

/**
 * A poll's life: a moderator drafts it (only moderators see it), opens it
 * (votes are taken, and may be changed), and closes it (votes are final).
 * There is no way back: a closed poll stays closed, so its results can be
 * trusted. Sharing the results is a separate switch, allowed in any state.
 */
export type PollCommand = 'open' | 'close';

const TRANSITIONS: Record<PollCommand, { from: PollState; to: PollState }> = {
  open: { from: 'draft', to: 'open' },
  close: { from: 'open', to: 'closed' },
};

/** The state a command leads to, or CONFLICT when it does not apply to the current state. */
export function nextPollState(state: PollState, command: PollCommand): PollState {
  const transition = TRANSITIONS[command];
  if (state !== transition.from) {
    throw new AppError('CONFLICT', `cannot ${command} a poll that is ${state}`);
  }
  return transition.to;
}

/** Votes are taken only while the poll is open. */
export function assertVotingOpen(state: PollState): void {
  if (state !== 'open') {
    throw new AppError('CONFLICT', state === 'draft' ? 'this poll has not opened yet' : 'this poll is closed');
  }
}

/**
 * Checks a voter's choices against the poll: option indexes that exist, no
 * repeats, exactly one for a single-choice poll. Returns them sorted.
 */
export function validateChoices(kind: PollKind, optionCount: number, choices: readonly number[]): number[] {
  const unique = [...new Set(choices)].sort((a, b) => a - b);
  if (unique.length !== choices.length) throw new AppError('INVALID_PAYLOAD', 'an option is chosen twice');
  if (unique.some((choice) => choice < 0 || choice >= optionCount)) {
    throw new AppError('INVALID_PAYLOAD', `this poll has options 0 to ${optionCount - 1}`);
  }
  if (kind === 'single' && unique.length !== 1) {
    throw new AppError('INVALID_PAYLOAD', 'choose exactly one option');
  }
  return unique;
}
