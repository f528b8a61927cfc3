import type { DevicesOn } from './localMediaSlice.js';

/**
 * Remembers whether the person wants their camera and microphone on, like
 * their name and profile: the pre-join preview opens only those, and a
 * buzz group turns on only those. Nothing stored (a first visit, a missing
 * or broken localStorage) means both on, as the preview always started.
 */
const KEY = 'convene.devices';

const BOTH_ON: DevicesOn = { isCameraOn: true, isMicOn: true };

export function loadDeviceChoice(): DevicesOn {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return BOTH_ON;
    const { isCameraOn, isMicOn } = parsed as Record<string, unknown>;
    return typeof isCameraOn === 'boolean' && typeof isMicOn === 'boolean' ? { isCameraOn, isMicOn } : BOTH_ON;
  } catch {
    return BOTH_ON;
  }
}

export function saveDeviceChoice(choice: DevicesOn): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Not remembered this time: the next visit starts with both on.
  }
}
