import type { StateCreator } from 'zustand/vanilla';
import type { Poll } from '../../../shared/conversation.js';
import type { PollId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/** The polls this person can see, and their own choices (option indexes) per poll. */
export interface PollsSlice {
  polls: Poll[];
  pollVotes: Record<string, number[]>;
  upsertPoll(poll: Poll): void;
  setPollVote(pollId: PollId, choices: number[]): void;
}

export const emptyPolls = {
  polls: [] as Poll[],
  pollVotes: {} as Record<string, number[]>,
} satisfies Partial<PollsSlice>;

export const createPollsSlice: StateCreator<AppState, [], [], PollsSlice> = (set) => ({
  ...emptyPolls,
  upsertPoll(poll) {
    set((state) => {
      const exists = state.polls.some((p) => p.pollId === poll.pollId);
      return { polls: exists ? state.polls.map((p) => (p.pollId === poll.pollId ? poll : p)) : [...state.polls, poll] };
    });
  },
  setPollVote(pollId, choices) {
    set((state) => ({ pollVotes: { ...state.pollVotes, [pollId]: choices } }));
  },
});
