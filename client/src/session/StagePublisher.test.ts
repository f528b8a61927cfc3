import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalMedia } from '../media/LocalMedia.js';
import { createAppStore } from '../store/appStore.js';
import { loadDeviceChoice } from '../store/deviceChoiceStorage.js';
import { StagePublisher } from './StagePublisher.js';

/** The browser's localStorage, kept in memory. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('what joining from the pre-join screen remembers', () => {
  beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
  afterEach(() => vi.unstubAllGlobals());

  // Remembering touches no device: LocalMedia is not used.
  const publisherFor = (store: ReturnType<typeof createAppStore>) => new StagePublisher(store, {} as LocalMedia, () => null);

  it('keeps a camera the person left on as on, though it failed to open (busy, a permission prompt), so later visits try it again', () => {
    const store = createAppStore();
    expect(store.getState().chosenDevices).toEqual({ isCameraOn: true, isMicOn: true });
    // The preview could open the microphone only.
    store.getState().setDevicesOn({ isCameraOn: false, isMicOn: true });
    publisherFor(store).rememberPreJoinChoice();
    expect(store.getState().chosenDevices).toEqual({ isCameraOn: true, isMicOn: true });
    expect(loadDeviceChoice()).toEqual({ isCameraOn: true, isMicOn: true });
  });

  it('keeps what the person switched off', () => {
    const store = createAppStore();
    store.getState().chooseDevices({ isCameraOn: false });
    store.getState().setDevicesOn({ isCameraOn: false, isMicOn: true });
    publisherFor(store).rememberPreJoinChoice();
    expect(loadDeviceChoice()).toEqual({ isCameraOn: false, isMicOn: true });
  });
});
