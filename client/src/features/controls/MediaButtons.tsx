import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  mute: 'Mute microphone',
  unmute: 'Unmute microphone',
  cameraOff: 'Turn camera off',
  cameraOn: 'Turn camera on',
  share: 'Share screen',
  stopSharing: 'Stop sharing',
};

/** Phones and some embedded browsers cannot share a screen: no button rather than one that fails. */
const canShareScreen = typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/** The microphone, camera and screen-share buttons of someone on stage. */
export function MediaButtons() {
  return (
    <>
      <MicButton />
      <CameraButton />
      {canShareScreen && <ScreenShareButton />}
    </>
  );
}

function MicButton() {
  const { publisher } = useRoomSession();
  const isMicOn = useAppState((state) => state.isMicOn);
  const [isBusy, run] = useBusyAction();
  return (
    <button
      type="button"
      className={isMicOn ? 'control' : 'control control--off'}
      aria-disabled={isBusy}
      onClick={() => run(() => publisher.setMicrophone(!isMicOn))}
    >
      {isMicOn ? TEXT.mute : TEXT.unmute}
    </button>
  );
}

function CameraButton() {
  const { publisher } = useRoomSession();
  const isCameraOn = useAppState((state) => state.isCameraOn);
  const [isBusy, run] = useBusyAction();
  return (
    <button
      type="button"
      className={isCameraOn ? 'control' : 'control control--off'}
      aria-disabled={isBusy}
      onClick={() => run(() => publisher.setCamera(!isCameraOn))}
    >
      {isCameraOn ? TEXT.cameraOff : TEXT.cameraOn}
    </button>
  );
}

function ScreenShareButton() {
  const { publisher } = useRoomSession();
  const isSharing = useAppState((state) => state.isScreenSharing);
  const [isBusy, run] = useBusyAction();
  return (
    <button
      type="button"
      className={isSharing ? 'control control--active' : 'control'}
      aria-disabled={isBusy}
      onClick={() => run(() => (isSharing ? publisher.stopScreenShare() : publisher.startScreenShare()))}
    >
      {isSharing ? TEXT.stopSharing : TEXT.share}
    </button>
  );
}
