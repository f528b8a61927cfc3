import type { StateCreator } from 'zustand/vanilla';
import type { RecordingStatus } from '../../../shared/events.js';
import type { AppState } from './appStore.js';

/** The session's recording as this person is told of it, and whether they asked not to be recorded. */
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
    // What the server says of this person is the truth: their own flag, or (moderators) the list.
    // What everyone is told says nothing of it: then, and between recordings, the last answer stands.
    const isOptedOut = recording?.isOptedOut ?? (userId && recording?.optedOut ? recording.optedOut.includes(userId) : undefined);
    set(isOptedOut === undefined ? { recording } : { recording, isOptedOutOfRecording: isOptedOut });
  },
  setOptedOutOfRecording(isOptedOutOfRecording) {
    set({ isOptedOutOfRecording });
  },
});
