import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore.js';
import { viewKey, type ChatView, type ChatViewKey } from './chatViews.js';

/** What a notice offers to do with one click. */
export type NoticeAction =
  /** Open the chat on a conversation (a private message arrived there). */
  | { kind: 'open-chat'; view: ChatView }
  /** Moderators: show the queue of raised hands. */
  | { kind: 'show-hands' };

/** A short message about something that happened in the room ("Amina muted your microphone"). */
export interface Notice {
  id: number;
  text: string;
  action?: NoticeAction;
}

/** Kept short: the newest few are what a person can read before they go. */
const MAX_NOTICES = 4;

/** Notices that lead to the same place replace each other: the newest says it all. */
const actionKey = (action: NoticeAction): string => (action.kind === 'open-chat' ? `chat:${viewKey(action.view)}` : action.kind);

export interface NoticesSlice {
  notices: Notice[];
  addNotice(text: string, action?: NoticeAction): void;
  dismissNotice(id: number): void;
  /** The conversation `view` is on screen now: notices that would open it have nothing left to say. */
  dismissNoticesOpening(view: ChatViewKey): void;
}

export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => {
  let nextId = 1;
  return {
    notices: [],
    addNotice(text, action) {
      const notice: Notice = action ? { id: nextId++, text, action } : { id: nextId++, text };
      const key = action && actionKey(action);
      set((state) => ({
        notices: [...state.notices.filter((old) => !key || !old.action || actionKey(old.action) !== key), notice].slice(-MAX_NOTICES),
      }));
    },
    dismissNotice(id) {
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
    },
    dismissNoticesOpening(view) {
      const key = `chat:${view}`;
      set((state) => {
        const notices = state.notices.filter((notice) => !notice.action || actionKey(notice.action) !== key);
        return notices.length === state.notices.length ? {} : { notices };
      });
    },
  };
};
