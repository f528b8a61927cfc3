import type { StateCreator } from 'zustand/vanilla';
import type { Profile } from '../../../shared/buzz.js';
import type { Identity } from '../../../shared/events.js';
import type { CreateIdentityResponse } from '../../../shared/http.js';
import type { AppState } from './appStore.js';
import { saveDisplayName } from './displayNameStorage.js';
import { loadProfile, saveProfile } from './profileStorage.js';

/** Who this browser is: the name typed by the person, and the server-issued identity. */
export interface IdentitySlice {
  displayName: string;
  /** The invitation link's token the person arrived with (already checked as valid), if any. */
  invitation: string | null;
  /** Handshake token; kept per room in sessionStorage by the session (survives a reload). */
  token: string | null;
  identity: Identity | null;
  /** What the person chose to tell about themselves (for buzz groups by language or region). */
  profile: Profile;
  setDisplayName(displayName: string): void;
  /** An identity carries its invitation's role: a different invitation needs a new identity. */
  setInvitation(invitation: string | null): void;
  setIdentity(response: CreateIdentityResponse): void;
  forgetIdentity(): void;
  setProfile(profile: Profile): void;
}

export const createIdentitySlice =
  (initialDisplayName: string): StateCreator<AppState, [], [], IdentitySlice> =>
  (set, get) => ({
    displayName: initialDisplayName,
    invitation: null,
    token: null,
    identity: null,
    profile: loadProfile(),
    setDisplayName(displayName) {
      saveDisplayName(displayName);
      // The token carries the old name: drop it so the next join asks for a new one.
      const { identity } = get();
      const isStale = identity !== null && identity.displayName !== displayName.trim();
      set(isStale ? { displayName, token: null, identity: null } : { displayName });
    },
    setInvitation(invitation) {
      if (invitation === get().invitation) return;
      set({ invitation, token: null, identity: null });
    },
    setIdentity({ token, identity }) {
      set({ token, identity });
    },
    forgetIdentity() {
      set({ token: null, identity: null });
    },
    setProfile(profile) {
      saveProfile(profile);
      set({ profile });
    },
  });
