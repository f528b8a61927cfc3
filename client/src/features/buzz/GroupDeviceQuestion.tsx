import { useEffect, useRef, useState } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

type Device = 'camera' | 'microphone';

const DEVICES: readonly Device[] = ['camera', 'microphone'];

const TEXT = {
  heading: (off: readonly Device[]) => (off.length === 2 ? 'Your camera and microphone are off' : `Your ${off[0]} is off`),
  body: 'Nothing is sent until you turn it on, here or with the buttons at the bottom at any time.',
  stillOff: (device: Device) => `Your ${device} is still off.`,
  turnOn: (device: Device) => `Turn on ${device}`,
  stayOff: 'Stay off',
  keepOff: (device: Device) => `Keep ${device} off`,
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

/**
 * Asks about the devices that were off when it opened, and only those. Once
 * answered it closes; after turning one device on, the other's button stays
 * on one line until that one is on too or kept off. A device turned off
 * later (with the control bar) never brings the question back.
 */
function DeviceQuestion() {
  const { publisher } = useRoomSession();
  const isCameraOn = useAppState((state) => state.isCameraOn);
  const isMicOn = useAppState((state) => state.isMicOn);
  const answer = useAppState((state) => state.answerDeviceQuestion);
  const close = useAppState((state) => state.setDeviceQuestionOpen);
  const [isBusy, run] = useBusyAction();
  const isOn = (device: Device) => (device === 'camera' ? isCameraOn : isMicOn);
  const [asked, setAsked] = useState<readonly Device[]>(() => DEVICES.filter((device) => !isOn(device)));
  const [hasAnswered, setAnswered] = useState(false);
  const firstButtonRef = useRef<HTMLButtonElement>(null);
  const off = asked.filter((device) => !isOn(device));
  const isSettled = off.length === 0;

  // Everything asked about is on (here or with the control bar): nothing left to ask.
  useEffect(() => {
    if (isSettled) close(false);
  }, [isSettled, close]);
  if (isSettled) return null;

  const turnOn = (device: Device) =>
    run(async () => {
      answer();
      setAnswered(true);
      setAsked((devices) => devices.filter((d) => d !== device));
      await (device === 'camera' ? publisher.setCamera(true) : publisher.setMicrophone(true));
      // The button pressed went away: the other device's takes the focus.
      firstButtonRef.current?.focus();
    });
  const stayOff = () => {
    answer();
    close(false);
  };
  const turnOnButtons = off.map((device, index) => (
    <button
      key={device}
      ref={index === 0 ? firstButtonRef : undefined}
      type="button"
      className="button button--primary button--small"
      aria-disabled={isBusy}
      onClick={() => turnOn(device)}
    >
      {TEXT.turnOn(device)}
    </button>
  ));
  const stayOffButton = (
    <button type="button" className="button button--secondary button--small" onClick={stayOff}>
      {off.length === 2 ? TEXT.stayOff : TEXT.keepOff(off[0]!)}
    </button>
  );

  if (hasAnswered) {
    return (
      <section className="device-question device-question--answered" aria-label={TEXT.heading(off)} data-testid="device-question">
        <p>{TEXT.stillOff(off[0]!)}</p>
        <div className="actions">
          {turnOnButtons}
          {stayOffButton}
        </div>
      </section>
    );
  }
  return (
    <section className="device-question" aria-labelledby="device-question-heading" data-testid="device-question">
      <h3 id="device-question-heading">{TEXT.heading(off)}</h3>
      <p>{TEXT.body}</p>
      <div className="actions">
        {turnOnButtons}
        {stayOffButton}
      </div>
    </section>
  );
}
