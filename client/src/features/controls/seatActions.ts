import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import type { ControlAction } from './controlAction.js';

const TEXT = {
  mute: 'Mute microphone',
  unmute: 'Unmute microphone',
  muteShort: 'Mute',
  unmuteShort: 'Unmute',
  cameraOff: 'Turn camera off',
  cameraOn: 'Turn camera on',
  cameraShort: 'Camera',
  share: 'Share screen',
  stopSharing: 'Stop sharing',
  leaveStage: 'Leave the stage',
  raise: 'Raise hand',
  lower: 'Lower hand',
  raiseShort: 'Raise',
  lowerShort: 'Lower',
};

/** Phones and some embedded browsers cannot share a screen: no button rather than one that fails. */
const canShareScreen = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

export function useMicAction(): ControlAction {
  const { publisher } = useRoomSession();
  const isMicOn = useAppState((state) => state.isMicOn);
  const [isBusy, run] = useBusyAction();
  return {
    key: 'mic',
    label: isMicOn ? TEXT.mute : TEXT.unmute,
    shortLabel: isMicOn ? TEXT.muteShort : TEXT.unmuteShort,
    icon: isMicOn ? 'mic' : 'mic-off',
    tone: isMicOn ? undefined : 'off',
    isBusy,
    onSelect: () => run(() => publisher.setMicrophone(!isMicOn)),
  };
}

export function useCameraAction(): ControlAction {
  const { publisher } = useRoomSession();
  const isCameraOn = useAppState((state) => state.isCameraOn);
  const [isBusy, run] = useBusyAction();
  return {
    key: 'camera',
    label: isCameraOn ? TEXT.cameraOff : TEXT.cameraOn,
    shortLabel: TEXT.cameraShort,
    icon: isCameraOn ? 'camera' : 'camera-off',
    tone: isCameraOn ? undefined : 'off',
    isBusy,
    onSelect: () => run(() => publisher.setCamera(!isCameraOn)),
  };
}

/** Null where the browser cannot share a screen. */
export function useScreenShareAction(): ControlAction | null {
  const { publisher } = useRoomSession();
  const isSharing = useAppState((state) => state.isScreenSharing);
  const [isBusy, run] = useBusyAction();
  if (!canShareScreen) return null;
  return {
    key: 'screen',
    label: isSharing ? TEXT.stopSharing : TEXT.share,
    tone: isSharing ? 'active' : undefined,
    isBusy,
    onSelect: () => run(() => (isSharing ? publisher.stopScreenShare() : publisher.startScreenShare())),
  };
}

export function useLeaveStageAction(): ControlAction {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  return { key: 'leave-stage', label: TEXT.leaveStage, isBusy, onSelect: () => run(() => session.perform('stage:leave', {})) };
}

/** For the audience: ask to speak. Moderators see raised hands in the order they went up. */
export function useHandAction(): ControlAction {
  const session = useRoomSession();
  const isRaised = useAppState((state) => state.self?.handRaisedAt != null);
  const [isBusy, run] = useBusyAction();
  return {
    key: 'hand',
    label: isRaised ? TEXT.lower : TEXT.raise,
    shortLabel: isRaised ? TEXT.lowerShort : TEXT.raiseShort,
    icon: 'hand',
    tone: isRaised ? 'active' : undefined,
    isBusy,
    onSelect: () => run(() => session.perform(isRaised ? 'hand:lower' : 'hand:raise', {})),
  };
}
