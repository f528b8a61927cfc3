import type { StateCreator } from 'zustand/vanilla';
import type { DataSaver } from '../media/videoQuality.js';
import type { AppState } from './appStore.js';
import { loadDeviceChoice, saveDeviceChoice } from './deviceChoiceStorage.js';

/** Whether the local camera and microphone are live; the tracks live in LocalMedia. */
export type PreviewStatus = 'idle' | 'starting' | 'ready' | 'error';

/** Which of the camera and microphone are (to be) on. */
export interface DevicesOn {
  isCameraOn: boolean;
  isMicOn: boolean;
}

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
  /**
   * What the person last chose to have on (pre-join, their own buttons, the
   * group question; a moderator turning something off counts too), kept
   * across reloads: a buzz group turns on nothing else.
   */
  chosenDevices: DevicesOn;
  /** In a buzz group with something off: whether the "turn on your camera?" question shows. */
  isDeviceQuestionOpen: boolean;
  /** The person answered that question in an earlier group of this visit: later groups do not ask again. */
  hasAnsweredDeviceQuestion: boolean;
  setDevicesOn(devices: DevicesOn): void;
  chooseDevices(change: Partial<DevicesOn>): void;
  setDeviceQuestionOpen(isOpen: boolean): void;
  answerDeviceQuestion(): void;
  setScreenSharing(isScreenSharing: boolean): void;
  setDeviceId(kind: 'camera' | 'microphone', deviceId: string | null): void;
  setPreviewStatus(status: PreviewStatus, error?: string | null): void;
  setDataSaver(dataSaver: DataSaver): void;
}

export const createLocalMediaSlice: StateCreator<AppState, [], [], LocalMediaSlice> = (set, get) => ({
  isMicOn: false,
  isCameraOn: false,
  isScreenSharing: false,
  cameraDeviceId: null,
  microphoneDeviceId: null,
  previewStatus: 'idle',
  previewError: null,
  dataSaver: 'off',
  chosenDevices: loadDeviceChoice(),
  isDeviceQuestionOpen: false,
  hasAnsweredDeviceQuestion: false,
  setDevicesOn({ isCameraOn, isMicOn }) {
    set({ isCameraOn, isMicOn });
  },
  chooseDevices(change) {
    const chosenDevices = { ...get().chosenDevices, ...change };
    saveDeviceChoice(chosenDevices);
    set({ chosenDevices });
  },
  setDeviceQuestionOpen(isDeviceQuestionOpen) {
    set({ isDeviceQuestionOpen });
  },
  answerDeviceQuestion() {
    set({ hasAnsweredDeviceQuestion: true });
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
