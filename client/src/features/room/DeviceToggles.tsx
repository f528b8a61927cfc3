import { useState } from 'react';
import type { MediaSource } from '../../../../shared/events.js';
import { useAppState, useRoomSession } from '../../app/services.js';

/** Microphone and camera switches, usable before and during the room. */
export function DeviceToggles() {
  const isMicOn = useAppState((state) => state.isMicOn);
  const isCameraOn = useAppState((state) => state.isCameraOn);
  return (
    <div className="toggles" role="group" aria-label="Your microphone and camera">
      <DeviceToggle source="microphone" label="Microphone" isOn={isMicOn} />
      <DeviceToggle source="camera" label="Camera" isOn={isCameraOn} />
    </div>
  );
}

function DeviceToggle({ source, label, isOn }: { source: MediaSource; label: string; isOn: boolean }) {
  const session = useRoomSession();
  const [isBusy, setBusy] = useState(false);
  const toggle = () => {
    setBusy(true);
    session.setDevice(source, !isOn).finally(() => setBusy(false));
  };
  return (
    <button
      type="button"
      className={isOn ? 'toggle toggle--on' : 'toggle'}
      aria-pressed={isOn}
      aria-busy={isBusy || undefined}
      disabled={isBusy}
      onClick={toggle}
    >
      <span>{label}</span>
      <span className="toggle__state" aria-hidden="true">
        {isOn ? 'on' : 'off'}
      </span>
    </button>
  );
}
