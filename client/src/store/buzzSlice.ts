import type { StateCreator } from 'zustand/vanilla';
import type { BuzzOutputs, BuzzPlace, BuzzRound, BuzzSnapshot } from '../../../shared/buzz.js';
import type { RoomId } from '../../../shared/ids.js';
import type { AppState } from './appStore.js';

/** A moderator's message to every group, as last shown. */
export interface BuzzBroadcast {
  text: string;
  by: string;
  at: number;
}

/** Buzz groups as this client knows them: the round, where we belong, what the last round left. */
export interface BuzzSlice {
  buzzRound: BuzzRound | null;
  buzzPlace: BuzzPlace | null;
  buzzOutputs: BuzzOutputs | null;
  buzzBroadcast: BuzzBroadcast | null;
  /** In a group's room: which group (moderators visit any); null in the main session. */
  buzzGroupIndex: number | null;
  /** The group whose notes pad is open in RoomSession (its document lives there, not here). */
  buzzNotesRoomId: RoomId | null;
  /** Moderators: who is in each group's room now, by group index. */
  buzzPresence: Record<number, string[]>;
  /** Server clock minus ours, for the timer. */
  serverClockOffsetMs: number;
  resetBuzz(snapshot: BuzzSnapshot | null): void;
  setBuzzRound(round: BuzzRound): void;
  setBuzzPlace(place: BuzzPlace): void;
  endBuzz(outputs: BuzzOutputs | null): void;
  showBuzzBroadcast(broadcast: BuzzBroadcast): void;
  setBuzzPresence(group: number, present: string[]): void;
  setBuzzNotesRoom(roomId: RoomId | null): void;
  dismissBuzzBroadcast(): void;
}

export const createBuzzSlice: StateCreator<AppState, [], [], BuzzSlice> = (set) => ({
  buzzRound: null,
  buzzPlace: null,
  buzzOutputs: null,
  buzzBroadcast: null,
  buzzGroupIndex: null,
  buzzNotesRoomId: null,
  buzzPresence: {},
  serverClockOffsetMs: 0,
  resetBuzz(snapshot) {
    set({
      buzzRound: snapshot?.round ?? null,
      buzzPlace: snapshot?.place ?? null,
      // A group's room carries no outputs: keep the last ones for the return.
      ...(snapshot?.groupIndex == null ? { buzzOutputs: snapshot?.outputs ?? null } : {}),
      buzzGroupIndex: snapshot?.groupIndex ?? null,
      buzzPresence: snapshot?.presence ?? {},
      serverClockOffsetMs: snapshot ? snapshot.serverNow - Date.now() : 0,
    });
  },
  setBuzzRound(round) {
    // A dropped draft comes back as "ended": nothing is running any more.
    set({ buzzRound: round.phase === 'ended' ? null : round });
  },
  setBuzzPlace(buzzPlace) {
    set({ buzzPlace });
  },
  endBuzz(outputs) {
    // The moderators' messages were for the groups: they go with them.
    set({ buzzRound: null, buzzPlace: null, buzzPresence: {}, buzzBroadcast: null, ...(outputs ? { buzzOutputs: outputs } : {}) });
  },
  showBuzzBroadcast(buzzBroadcast) {
    set({ buzzBroadcast });
  },
  setBuzzNotesRoom(buzzNotesRoomId) {
    set({ buzzNotesRoomId });
  },
  dismissBuzzBroadcast() {
    set({ buzzBroadcast: null });
  },
  setBuzzPresence(group, present) {
    set((state) => ({ buzzPresence: { ...state.buzzPresence, [group]: present } }));
  },
});
