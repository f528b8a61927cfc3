import type { StateCreator } from 'zustand/vanilla';
import type { RecordingStatus } from '../../../shared/events.js';
import type { AppState } from './appStore.js';

/** The session's recording as everyone sees it, and whether the caller asked not to be recorded. */
export interface RecordingSlice {
  recording: RecordingStatus | null;
  /** Asked here (the server keeps it for the session; a recording's status confirms it). */
  isOptedOutOfRecording: boolean;
  setRecording(recording: RecordingStatus | null): void;
  setOptedOutOfRecording(isOptedOut: boolean): void;
}

export const createRecordingSlice: StateCreator<AppState, [], [], RecordingSlice> = (set, get) => ({
  recording: null,
  isOptedOutOfRecording: false,
  setRecording(recording) {
    const userId = get().self?.userId;
    // While recording, the server's list is the truth; between recordings the last answer stands.
    set(recording && userId ? { recording, isOptedOutOfRecording: recording.optedOut.includes(userId) } : { recording });
  },
  setOptedOutOfRecording(isOptedOutOfRecording) {
    set({ isOptedOutOfRecording });
  },
});
