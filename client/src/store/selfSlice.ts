import type { StateCreator } from 'zustand/vanilla';
import type { PeerInfo } from '../../../shared/events.js';
import type { AppState } from './appStore.js';

/** How the room sees this browser's person: role, seat, hand (their tracks are in the local media slice). */
export type SelfState = Omit<PeerInfo, 'producers'>;

export interface SelfSlice {
  /** Null until the server accepted us in the room. */
  self: SelfState | null;
  /** A moderator's pending invitation to the stage: who asked. */
  stageInvitationBy: string | null;
  setSelf(peer: PeerInfo | null): void;
  setStageInvitation(by: string | null): void;
}

export const createSelfSlice: StateCreator<AppState, [], [], SelfSlice> = (set) => ({
  self: null,
  stageInvitationBy: null,
  setSelf(peer) {
    if (!peer) {
      set({ self: null, stageInvitationBy: null });
      return;
    }
    const { producers: _producers, ...self } = peer;
    // The server withdrew the invitation (or it was answered elsewhere): nothing left to answer.
    set((state) => ({ self, stageInvitationBy: self.isInvitedToStage ? state.stageInvitationBy : null }));
  },
  setStageInvitation(stageInvitationBy) {
    set({ stageInvitationBy });
  },
});
