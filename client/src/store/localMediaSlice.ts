import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './appStore.js';

/** Whether the local camera and microphone are live; the tracks live in LocalMedia. */
export type PreviewStatus = 'idle' | 'starting' | 'ready' | 'error';

export interface LocalMediaSlice {
  isCameraOn: boolean;
  isMicOn: boolean;
  previewStatus: PreviewStatus;
  /** Why a device could not be opened; the person can still join without it. */
  previewError: string | null;
  setDevicesOn(devices: { isCameraOn: boolean; isMicOn: boolean }): void;
  setPreviewStatus(status: PreviewStatus, error?: string | null): void;
}

export const createLocalMediaSlice: StateCreator<AppState, [], [], LocalMediaSlice> = (set) => ({
  isCameraOn: false,
  isMicOn: false,
  previewStatus: 'idle',
  previewError: null,
  setDevicesOn({ isCameraOn, isMicOn }) {
    set({ isCameraOn, isMicOn });
  },
  setPreviewStatus(previewStatus, previewError = null) {
    set({ previewStatus, previewError });
  },
});
