import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore.js';

/** A short message about something that happened in the room ("Amina muted your microphone"). */
export interface Notice {
  id: number;
  text: string;
}

/** Kept short: the newest few are what a person can read before they go. */
const MAX_NOTICES = 4;

export interface NoticesSlice {
  notices: Notice[];
  addNotice(text: string): void;
  dismissNotice(id: number): void;
}

export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    addNotice(text) {
      const notice = { id: nextId++, text };
      set((state) => ({ notices: [...state.notices, notice].slice(-MAX_NOTICES) }));
    },
    dismissNotice(id) {
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
    },
  };
};
