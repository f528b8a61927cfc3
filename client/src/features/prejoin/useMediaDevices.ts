import { useEffect, useState } from 'react';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface MediaDeviceLists {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
}

/**
 * The cameras and microphones of this computer, kept current as devices
 * come and go. Labels are only given once the person allowed access, so the
 * list is read again when `permissionKey` changes (the preview started).
 */
export function useMediaDevices(permissionKey: unknown): MediaDeviceLists {
  const [lists, setLists] = useState<MediaDeviceLists>({ cameras: [], microphones: [] });
  useEffect(() => {
    const devices = navigator.mediaDevices;
    if (!devices?.enumerateDevices) return;
    let isCurrent = true;
    const read = () => {
      devices.enumerateDevices().then(
        (all) => {
          if (!isCurrent) return;
          const pick = (kind: MediaDeviceKind, fallback: string) =>
            all
              .filter((device) => device.kind === kind && device.deviceId !== '')
              .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `${fallback} ${index + 1}` }));
          setLists({ cameras: pick('videoinput', 'Camera'), microphones: pick('audioinput', 'Microphone') });
        },
        () => undefined,
      );
    };
    read();
    devices.addEventListener('devicechange', read);
    return () => {
      isCurrent = false;
      devices.removeEventListener('devicechange', read);
    };
  }, [permissionKey]);
  return lists;
}
