import type { StateCreator } from 'zustand/vanilla';
import type { Identity } from '../../../shared/events.js';
import type { CreateIdentityResponse } from '../../../shared/http.js';
import type { AppState } from './appStore.js';
import { saveDisplayName } from './displayNameStorage.js';

/** Who this browser is: the name typed by the person, and the server-issued identity. */
export interface IdentitySlice {
  displayName: string;
  /** Handshake token; kept in memory only, a new one is fetched per visit. */
  token: string | null;
  identity: Identity | null;
  setDisplayName(displayName: string): void;
  setIdentity(response: CreateIdentityResponse): void;
  forgetIdentity(): void;
}

export const createIdentitySlice =
  (initialDisplayName: string): StateCreator<AppState, [], [], IdentitySlice> =>
  (set, get) => ({
    displayName: initialDisplayName,
    token: null,
    identity: null,
    setDisplayName(displayName) {
      saveDisplayName(displayName);
      // The token carries the old name: drop it so the next join asks for a new one.
      const { identity } = get();
      const isStale = identity !== null && identity.displayName !== displayName.trim();
      set(isStale ? { displayName, token: null, identity: null } : { displayName });
    },
    setIdentity({ token, identity }) {
      set({ token, identity });
    },
    forgetIdentity() {
      set({ token: null, identity: null });
    },
  });
