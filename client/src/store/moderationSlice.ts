import type { StateCreator } from 'zustand/vanilla';
import type { RemovedPerson } from '../../../shared/events.js';
import type { AppState } from './appStore.js';

/** What moderators see of their room beyond the people in it. */
export interface ModerationSlice {
  /** People removed from the room (empty for everyone but moderators). */
  removed: RemovedPerson[];
  setRemoved(removed: RemovedPerson[]): void;
}

export const createModerationSlice: StateCreator<AppState, [], [], ModerationSlice> = (set) => ({
  removed: [],
  setRemoved(removed) {
    set({ removed });
  },
});
