import type { StateCreator } from 'zustand/vanilla';
import { isNewer } from '../../../shared/changeSequence.js';
import type { Poll } from '../../../shared/conversation.js';
import type { PollId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/** The polls this person can see, and their own choices (option indexes) per poll. */
export interface PollsSlice {
  polls: Poll[];
  pollVotes: Record<string, number[]>;
  /** A new poll, or a newer state of one (by change number: states may arrive out of order). */
  upsertPoll(poll: Poll): void;
  setPollVote(pollId: PollId, choices: number[]): void;
}

export const emptyPolls = {
  polls: [] as Poll[],
  pollVotes: {} as Record<string, number[]>,
} satisfies Partial<PollsSlice>;

/**
 * `poll` in place of the state held, if newer; the same list otherwise. A
 * poll not held is compared with the last snapshot's head: the snapshot
 * lists every poll visible then.
 */
export function withPoll(polls: Poll[], snapshotHead: number, poll: Poll): Poll[] {
  const held = polls.find((p) => p.pollId === poll.pollId);
  if (!isNewer(poll.changeSeq, held?.changeSeq ?? snapshotHead)) return polls;
  return held ? polls.map((p) => (p === held ? poll : p)) : [...polls, poll];
}

export const createPollsSlice: StateCreator<AppState, [], [], PollsSlice> = (set) => ({
  ...emptyPolls,
  upsertPoll(poll) {
    set((state) => ({ polls: withPoll(state.polls, state.snapshotHead, poll) }));
  },
  setPollVote(pollId, choices) {
    set((state) => ({ pollVotes: { ...state.pollVotes, [pollId]: choices } }));
  },
});
