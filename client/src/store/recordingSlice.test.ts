import { describe, expect, it } from 'vitest';
import type { RecordingStatus } from '../../../shared/events.js';
import { createAppStore } from './appStore.js';
import { peer, userId } from './testPeople.js';

const recording: RecordingStatus = { recordingId: 'r1', state: 'recording', startedAt: 1_000 };

function storeOf(me: number) {
  const store = createAppStore();
  store.getState().setSelf(peer(me, 'Amina'));
  return store;
}

describe('recording slice', () => {
  it("takes a person's own choice from what is made for them: their flag, or a moderator's list", () => {
    const store = storeOf(1);
    store.getState().setRecording({ ...recording, isOptedOut: true });
    expect(store.getState().isOptedOutOfRecording).toBe(true);
    store.getState().setRecording({ ...recording, isOptedOut: false });
    expect(store.getState().isOptedOutOfRecording).toBe(false);
    store.getState().setRecording({ ...recording, optedOut: [userId(2), userId(1)] });
    expect(store.getState().isOptedOutOfRecording).toBe(true);
    store.getState().setRecording({ ...recording, optedOut: [userId(2)] });
    expect(store.getState().isOptedOutOfRecording).toBe(false);
  });

  it('keeps the last answer when told only how the recording stands (what the whole audience hears)', () => {
    const store = storeOf(1);
    store.getState().setOptedOutOfRecording(true);
    store.getState().setRecording({ ...recording, state: 'stopping' });
    expect(store.getState()).toMatchObject({ recording: { state: 'stopping' }, isOptedOutOfRecording: true });
    store.getState().setRecording(null);
    expect(store.getState().isOptedOutOfRecording).toBe(true);
  });
});
