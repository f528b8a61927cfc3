import type { StateCreator } from 'zustand/vanilla';
import type { PeerId, RoomId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/**
 * Where this browser stands with its room:
 * idle → joining → joined ⇄ rejoining, and → left or → error from any state.
 * A room with a lobby puts joining on hold: joining → waiting → joining once
 * a moderator admits us.
 */
export type RoomStatus = 'idle' | 'joining' | 'waiting' | 'joined' | 'rejoining' | 'left' | 'error';

/** The stage size the server applies unless it says otherwise (`RoomJoined.stageLimit`). */
const DEFAULT_STAGE_LIMIT = 12;

export interface RoomSlice {
  roomId: RoomId | null;
  selfPeerId: PeerId | null;
  status: RoomStatus;
  /** Why we are (re)joining slowly or again, for the status line. */
  statusDetail: string | null;
  /** Set with status `error`: a sentence for people. */
  errorMessage: string | null;
  /** With status `error`: whether joining again can help (not after a removal). */
  canRetry: boolean;
  /** A server announcement (e.g. a restart), shown as a banner until we are back. */
  notice: string | null;
  /** Most people on stage at once. */
  stageLimit: number;
  /** Who is speaking now (self included), if anyone. */
  activeSpeakerId: PeerId | null;
  startJoining(roomId: RoomId): void;
  /** The server accepted us; media may still be setting up. */
  setSelfPeerId(selfPeerId: PeerId): void;
  setRoomRules(rules: { stageLimit: number; activeSpeakerId: PeerId | null }): void;
  setActiveSpeaker(peerId: PeerId | null): void;
  /** In the room with media transports open. */
  markJoined(): void;
  startRejoining(detail: string): void;
  /** The room has a lobby: we wait there until a moderator admits (or refuses) us. */
  waitInLobby(): void;
  /** Says more about an ongoing join or rejoin (e.g. the server cannot be reached). */
  setStatusDetail(detail: string): void;
  markLeft(): void;
  failRoom(message: string, options?: { canRetry: boolean }): void;
  setNotice(notice: string | null): void;
  resetRoom(): void;
}

/** Not in any room: the state at start and after leaving for good. */
const outsideRoom = {
  roomId: null,
  selfPeerId: null,
  status: 'idle',
  statusDetail: null,
  errorMessage: null,
  canRetry: true,
  notice: null,
  activeSpeakerId: null,
} satisfies Partial<RoomSlice>;

export const createRoomSlice: StateCreator<AppState, [], [], RoomSlice> = (set) => ({
  ...outsideRoom,
  stageLimit: DEFAULT_STAGE_LIMIT,
  startJoining(roomId) {
    set({ roomId, selfPeerId: null, status: 'joining', statusDetail: null, errorMessage: null, canRetry: true });
  },
  setSelfPeerId(selfPeerId) {
    set({ selfPeerId });
  },
  setRoomRules({ stageLimit, activeSpeakerId }) {
    set({ stageLimit, activeSpeakerId });
  },
  setActiveSpeaker(activeSpeakerId) {
    set({ activeSpeakerId });
  },
  markJoined() {
    // Being back in the room answers any "we are restarting" notice.
    set({ status: 'joined', statusDetail: null, errorMessage: null, notice: null });
  },
  startRejoining(detail) {
    set({ selfPeerId: null, status: 'rejoining', statusDetail: detail, errorMessage: null, activeSpeakerId: null });
  },
  waitInLobby() {
    set({ selfPeerId: null, status: 'waiting', statusDetail: null, errorMessage: null, activeSpeakerId: null });
  },
  setStatusDetail(statusDetail) {
    set({ statusDetail });
  },
  markLeft() {
    set({ selfPeerId: null, status: 'left', statusDetail: null, errorMessage: null, notice: null, activeSpeakerId: null });
  },
  failRoom(message, { canRetry } = { canRetry: true }) {
    set({ selfPeerId: null, status: 'error', statusDetail: null, errorMessage: message, canRetry, activeSpeakerId: null });
  },
  setNotice(notice) {
    set({ notice });
  },
  resetRoom() {
    set(outsideRoom);
  },
});
