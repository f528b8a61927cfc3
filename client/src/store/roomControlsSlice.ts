import type { StateCreator } from 'zustand/vanilla';
import type { RoomControls } from '../../../shared/conversation.js';
import type { AppState } from './appStore.js';

/** What moderators set for the whole room; everyone sees it (the chat box follows it). */
export interface RoomControlsSlice {
  roomControls: RoomControls;
  setRoomControls(controls: RoomControls): void;
}

/** An open room: what a room is until the server says otherwise. */
export const OPEN_ROOM: RoomControls = { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible: false };

export const createRoomControlsSlice: StateCreator<AppState, [], [], RoomControlsSlice> = (set) => ({
  roomControls: OPEN_ROOM,
  setRoomControls(roomControls) {
    set({ roomControls });
  },
});
