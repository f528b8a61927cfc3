import type { StateCreator } from 'zustand/vanilla';
import type { Profile } from '../../../shared/buzz.js';
import type { Identity } from '../../../shared/events.js';
import { cleanDisplayName } from '../../../shared/displayName.js';
import type { CreateIdentityResponse } from '../../../shared/http.js';
import type { AppState } from './appStore.js';
import { saveDisplayName } from './displayNameStorage.js';
import { loadProfile, saveProfile } from './profileStorage.js';

/** What joining needs of the signed-in account. */
export interface SignedInAccount {
  id: string;
  displayName: string;
}

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
  /** The signed-in account, when the person joins with it (its name, its roles); null: a name for this visit. */
  account: SignedInAccount | null;
  /** Why the server refused the name at the last join (it looks like a moderator's or speaker's); cleared by a new name. */
  nameRefusal: string | null;
  setDisplayName(displayName: string): void;
  /** The server's refusal of the name at a join (null: none, or it is being tried again). */
  setNameRefusal(message: string | null): void;
  /** An identity carries its invitation's role: a different invitation needs a new identity. */
  setInvitation(invitation: string | null): void;
  /** Joining with an account needs its own identity: a change drops the one held. */
  setAccount(account: SignedInAccount | null): void;
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
    nameRefusal: null,
    account: null,
    setDisplayName(displayName) {
      saveDisplayName(displayName);
      // The token carries the old name (as the server cleaned it): drop it so the next join asks for a new one.
      const { identity } = get();
      const isStale = identity !== null && identity.displayName !== cleanDisplayName(displayName);
      set(isStale ? { displayName, token: null, identity: null, nameRefusal: null } : { displayName, nameRefusal: null });
    },
    setNameRefusal(nameRefusal) {
      set({ nameRefusal });
    },
    setInvitation(invitation) {
      if (invitation === get().invitation) return;
      set({ invitation, token: null, identity: null });
    },
    setAccount(account) {
      if (account?.id === get().account?.id) return;
      set({ account, token: null, identity: null });
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
