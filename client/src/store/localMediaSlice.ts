import type { StateCreator } from 'zustand/vanilla';
import type { DataSaver } from '../media/videoQuality.js';
import type { AppState } from './appStore.js';

/** Whether the local camera and microphone are live; the tracks live in LocalMedia. */
export type PreviewStatus = 'idle' | 'starting' | 'ready' | 'error';

export interface LocalMediaSlice {
  /** The microphone is open and not muted. */
  isMicOn: boolean;
  isCameraOn: boolean;
  isScreenSharing: boolean;
  /** The devices chosen in the pre-join step (null: the browser's default). */
  cameraDeviceId: string | null;
  microphoneDeviceId: string | null;
  previewStatus: PreviewStatus;
  /** Why a device could not be opened; the person can still join without it. */
  previewError: string | null;
  dataSaver: DataSaver;
  setDevicesOn(devices: { isCameraOn: boolean; isMicOn: boolean }): void;
  setScreenSharing(isScreenSharing: boolean): void;
  setDeviceId(kind: 'camera' | 'microphone', deviceId: string | null): void;
  setPreviewStatus(status: PreviewStatus, error?: string | null): void;
  setDataSaver(dataSaver: DataSaver): void;
}

export const createLocalMediaSlice: StateCreator<AppState, [], [], LocalMediaSlice> = (set) => ({
  isMicOn: false,
  isCameraOn: false,
  isScreenSharing: false,
  cameraDeviceId: null,
  microphoneDeviceId: null,
  previewStatus: 'idle',
  previewError: null,
  dataSaver: 'off',
  setDevicesOn({ isCameraOn, isMicOn }) {
    set({ isCameraOn, isMicOn });
  },
  setScreenSharing(isScreenSharing) {
    set({ isScreenSharing });
  },
  setDeviceId(kind, deviceId) {
    set(kind === 'camera' ? { cameraDeviceId: deviceId } : { microphoneDeviceId: deviceId });
  },
  setPreviewStatus(previewStatus, previewError = null) {
    set({ previewStatus, previewError });
  },
  setDataSaver(dataSaver) {
    set({ dataSaver });
  },
});
