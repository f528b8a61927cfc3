import { describe, expect, it } from 'vitest';
import { createAppStore } from './appStore.js';
import { peer, producer } from './testPeople.js';

describe('self slice', () => {
  it('keeps our seat and hand without our producers (our tracks are local state)', () => {
    const store = createAppStore();
    store.getState().setSelf(peer(1, 'Amina', { seat: 'stage', producers: [producer(1, 1)] }));
    expect(store.getState().self).toMatchObject({ displayName: 'Amina', seat: 'stage' });
    expect(store.getState().self).not.toHaveProperty('producers');
  });

  it('keeps a stage invitation while the server says it is pending, and drops it after', () => {
    const store = createAppStore();
    store.getState().setSelf(peer(1, 'Amina', { handRaisedAt: 10 }));
    store.getState().setStageInvitation('Bruno');
    store.getState().setSelf(peer(1, 'Amina', { handRaisedAt: 10, isInvitedToStage: true }));
    expect(store.getState().stageInvitationBy).toBe('Bruno');
    store.getState().setSelf(peer(1, 'Amina', { seat: 'stage' }));
    expect(store.getState().stageInvitationBy).toBeNull();
  });
});

describe('notices slice', () => {
  it('keeps the newest few notices, each with its own id, until dismissed', () => {
    const store = createAppStore();
    for (const n of [1, 2, 3, 4, 5]) store.getState().addNotice(`notice ${n}`);
    const { notices } = store.getState();
    expect(notices.map((n) => n.text)).toEqual(['notice 2', 'notice 3', 'notice 4', 'notice 5']);
    expect(new Set(notices.map((n) => n.id)).size).toBe(4);
    store.getState().dismissNotice(notices[0]?.id ?? -1);
    expect(store.getState().notices.map((n) => n.text)).toEqual(['notice 3', 'notice 4', 'notice 5']);
  });
});

describe('local media slice', () => {
  it('remembers the chosen devices and the data saver', () => {
    const store = createAppStore();
    store.getState().setDeviceId('camera', 'cam-2');
    store.getState().setDeviceId('microphone', 'mic-3');
    store.getState().setDataSaver('audio-only');
    expect(store.getState()).toMatchObject({ cameraDeviceId: 'cam-2', microphoneDeviceId: 'mic-3', dataSaver: 'audio-only' });
  });
});
