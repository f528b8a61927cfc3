import type { StateCreator } from 'zustand/vanilla';
import type { BuzzOutputs, BuzzPlace, BuzzRound, BuzzSnapshot } from '../../../shared/buzz.js';
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
}

export const createBuzzSlice: StateCreator<AppState, [], [], BuzzSlice> = (set) => ({
  buzzRound: null,
  buzzPlace: null,
  buzzOutputs: null,
  buzzBroadcast: null,
  buzzPresence: {},
  serverClockOffsetMs: 0,
  resetBuzz(snapshot) {
    set({
      buzzRound: snapshot?.round ?? null,
      buzzPlace: snapshot?.place ?? null,
      buzzOutputs: snapshot?.outputs ?? null,
      buzzPresence: {},
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
    set({ buzzRound: null, buzzPlace: null, buzzPresence: {}, ...(outputs ? { buzzOutputs: outputs } : {}) });
  },
  showBuzzBroadcast(buzzBroadcast) {
    set({ buzzBroadcast });
  },
  setBuzzPresence(group, present) {
    set((state) => ({ buzzPresence: { ...state.buzzPresence, [group]: present } }));
  },
});
