import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  heading: (off: readonly string[]) => (off.length === 2 ? 'Your camera and microphone are off' : `Your ${off[0]} is off`),
  body: 'Nothing is sent until you turn it on, here or with the buttons at the bottom at any time.',
  camera: 'Turn on camera',
  microphone: 'Turn on microphone',
  stayOff: 'Stay off',
  keepOff: (device: string) => `Keep ${device} off`,
};

/**
 * In a buzz group, someone whose camera or microphone is off is asked
 * whether to turn it on; a group never does it for them. The answer holds
 * for later groups. The live region stays in the page so that the question
 * is read out when it appears.
 */
export function GroupDeviceQuestion() {
  const isOpen = useAppState((state) => state.isDeviceQuestionOpen);
  return (
    <div className="device-question-region" aria-live="polite">
      {isOpen && <DeviceQuestion />}
    </div>
  );
}

function DeviceQuestion() {
  const { publisher } = useRoomSession();
  const isCameraOn = useAppState((state) => state.isCameraOn);
  const isMicOn = useAppState((state) => state.isMicOn);
  const answer = useAppState((state) => state.answerDeviceQuestion);
  const close = useAppState((state) => state.setDeviceQuestionOpen);
  const [isBusy, run] = useBusyAction();
  const off = [!isCameraOn && 'camera', !isMicOn && 'microphone'].filter((device): device is string => device !== false);
  if (off.length === 0) return null;

  const turnOn = (device: 'camera' | 'microphone') =>
    run(async () => {
      answer();
      await (device === 'camera' ? publisher.setCamera(true) : publisher.setMicrophone(true));
    });
  const stayOff = () => {
    answer();
    close(false);
  };
  return (
    <section className="device-question" aria-labelledby="device-question-heading" data-testid="device-question">
      <h3 id="device-question-heading">{TEXT.heading(off)}</h3>
      <p>{TEXT.body}</p>
      <div className="actions">
        {!isCameraOn && (
          <button type="button" className="button button--primary button--small" aria-disabled={isBusy} onClick={() => turnOn('camera')}>
            {TEXT.camera}
          </button>
        )}
        {!isMicOn && (
          <button type="button" className="button button--primary button--small" aria-disabled={isBusy} onClick={() => turnOn('microphone')}>
            {TEXT.microphone}
          </button>
        )}
        <button type="button" className="button button--secondary button--small" onClick={stayOff}>
          {off.length === 2 ? TEXT.stayOff : TEXT.keepOff(off[0]!)}
        </button>
      </div>
    </section>
  );
}
