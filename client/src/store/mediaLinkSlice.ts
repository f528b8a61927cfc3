import type { StateCreator } from 'zustand/vanilla';
import type { MediaLinkStatus } from '../media/transportRecovery.js';
import type { AppState } from './appStore.js';

/**
 * Whether our audio and video get through, apart from being in the room:
 * the signalling can connect where a firewall or VPN still blocks media.
 */
export interface MediaLinkSlice {
  mediaLink: MediaLinkStatus;
  setMediaLink(mediaLink: MediaLinkStatus): void;
}

export const createMediaLinkSlice: StateCreator<AppState, [], [], MediaLinkSlice> = (set) => ({
  mediaLink: 'ok',
  setMediaLink(mediaLink) {
    set({ mediaLink });
  },
});
