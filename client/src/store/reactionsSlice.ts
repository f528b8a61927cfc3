import type { StateCreator } from 'zustand/vanilla';
import type { ReactionCounts } from '../../../shared/conversation.js';
import type { AppState } from './appStore.js';

/** Reactions the room sent in one short window, shown together for a moment. */
export interface ReactionBurst {
  id: number;
  counts: ReactionCounts;
}

/** A busy room sends a burst every moment: only the newest few are on screen at once. */
const MAX_BURSTS = 4;

export interface ReactionsSlice {
  reactionBursts: ReactionBurst[];
  addReactionBurst(counts: ReactionCounts): void;
  removeReactionBurst(id: number): void;
}

export const createReactionsSlice: StateCreator<AppState, [], [], ReactionsSlice> = (set) => {
  let nextId = 1;
  return {
    reactionBursts: [],
    addReactionBurst(counts) {
      const burst = { id: nextId++, counts };
      set((state) => ({ reactionBursts: [...state.reactionBursts, burst].slice(-MAX_BURSTS) }));
    },
    removeReactionBurst(id) {
      set((state) => ({ reactionBursts: state.reactionBursts.filter((burst) => burst.id !== id) }));
    },
  };
};
