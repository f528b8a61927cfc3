import { useAppState, useRoomSession } from '../../app/services.js';
import { useMediaDevices, type DeviceOption } from './useMediaDevices.js';

const TEXT = { camera: 'Camera', microphone: 'Microphone' };

/** Which camera and microphone to use; the preview switches at once. */
export function DevicePicker() {
  const previewStatus = useAppState((state) => state.previewStatus);
  const { cameras, microphones } = useMediaDevices(previewStatus);
  return (
    <div className="device-picker">
      <DeviceSelect kind="microphone" label={TEXT.microphone} options={microphones} />
      <DeviceSelect kind="camera" label={TEXT.camera} options={cameras} />
    </div>
  );
}

interface DeviceSelectProps {
  kind: 'camera' | 'microphone';
  label: string;
  options: DeviceOption[];
}

function DeviceSelect({ kind, label, options }: DeviceSelectProps) {
  const { publisher, localMedia } = useRoomSession();
  const chosen = useAppState((state) => (kind === 'camera' ? state.cameraDeviceId : state.microphoneDeviceId));
  if (options.length === 0) return null;
  // Before any choice, show the device the browser opened.
  const current = chosen ?? localMedia.track(kind)?.getSettings().deviceId ?? options[0]?.deviceId;
  const id = `device-${kind}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={current} onChange={(event) => void publisher.selectDevice(kind, event.target.value)}>
        {options.map((option) => (
          <option key={option.deviceId} value={option.deviceId}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
