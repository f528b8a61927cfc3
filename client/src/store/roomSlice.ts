import type { StateCreator } from 'zustand/vanilla';
import type { PeerId, RoomId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/**
 * Where this browser stands with its room:
 * idle → joining → joined ⇄ rejoining, and → left or → error from any state.
 */
export type RoomStatus = 'idle' | 'joining' | 'joined' | 'rejoining' | 'left' | 'error';

export interface RoomSlice {
  roomId: RoomId | null;
  selfPeerId: PeerId | null;
  status: RoomStatus;
  /** Why we are (re)joining slowly or again, for the status line. */
  statusDetail: string | null;
  /** Set with status `error`: a sentence for people. */
  errorMessage: string | null;
  /** A server announcement (e.g. a restart), shown as a banner until we are back. */
  notice: string | null;
  startJoining(roomId: RoomId): void;
  /** The server accepted us; media may still be setting up. */
  setSelfPeerId(selfPeerId: PeerId): void;
  /** In the room with media transports open. */
  markJoined(): void;
  startRejoining(detail: string): void;
  /** Says more about an ongoing join or rejoin (e.g. the server cannot be reached). */
  setStatusDetail(detail: string): void;
  markLeft(): void;
  failRoom(message: string): void;
  setNotice(notice: string | null): void;
  resetRoom(): void;
}

export const createRoomSlice: StateCreator<AppState, [], [], RoomSlice> = (set) => ({
  roomId: null,
  selfPeerId: null,
  status: 'idle',
  statusDetail: null,
  errorMessage: null,
  notice: null,
  startJoining(roomId) {
    set({ roomId, selfPeerId: null, status: 'joining', statusDetail: null, errorMessage: null });
  },
  setSelfPeerId(selfPeerId) {
    set({ selfPeerId });
  },
  markJoined() {
    // Being back in the room answers any "we are restarting" notice.
    set({ status: 'joined', statusDetail: null, errorMessage: null, notice: null });
  },
  startRejoining(detail) {
    set({ selfPeerId: null, status: 'rejoining', statusDetail: detail, errorMessage: null });
  },
  setStatusDetail(statusDetail) {
    set({ statusDetail });
  },
  markLeft() {
    set({ selfPeerId: null, status: 'left', statusDetail: null, errorMessage: null, notice: null });
  },
  failRoom(message) {
    set({ selfPeerId: null, status: 'error', statusDetail: null, errorMessage: message });
  },
  setNotice(notice) {
    set({ notice });
  },
  resetRoom() {
    set({ roomId: null, selfPeerId: null, status: 'idle', statusDetail: null, errorMessage: null, notice: null });
  },
});
