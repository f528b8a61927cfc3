import { useAppState, useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = { group: 'Your microphone and camera', microphone: 'Microphone', camera: 'Camera', on: 'on', off: 'off' };

/** Microphone and camera switches of the preview. */
export function DeviceToggles() {
  const { publisher } = useRoomSession();
  const isMicOn = useAppState((state) => state.isMicOn);
  const isCameraOn = useAppState((state) => state.isCameraOn);
  return (
    <div className="toggles" role="group" aria-label={TEXT.group}>
      <DeviceToggle label={TEXT.microphone} isOn={isMicOn} onToggle={() => publisher.setMicrophone(!isMicOn)} />
      <DeviceToggle label={TEXT.camera} isOn={isCameraOn} onToggle={() => publisher.setCamera(!isCameraOn)} />
    </div>
  );
}

function DeviceToggle({ label, isOn, onToggle }: { label: string; isOn: boolean; onToggle(): Promise<void> }) {
  const [isBusy, run] = useBusyAction();
  return (
    <button
      type="button"
      className={isOn ? 'toggle toggle--on' : 'toggle'}
      aria-pressed={isOn}
      aria-disabled={isBusy}
      onClick={() => run(onToggle)}
    >
      <span>{label}</span>
      <span className="toggle__state" aria-hidden="true">
        {isOn ? TEXT.on : TEXT.off}
      </span>
    </button>
  );
}
