import { useCallback, useMemo, useState } from 'react';
import { createIdentity } from '../../api/httpApi.js';
import { useAppState } from '../../app/services.js';
import { chooseIdentity, knownIdentities, saveLibraryIdentity, type KnownIdentity } from './libraryIdentity.js';

/**
 * The identity the library sends (see libraryIdentity.ts), and a way to get
 * one from a name to watch recordings meant for registered people.
 */
export function useLibraryIdentity(roomId: string | null = null): {
  chosen: KnownIdentity | null;
  signIn(displayName: string): Promise<void>;
} {
  const token = useAppState((state) => state.token);
  const identity = useAppState((state) => state.identity);
  // sessionStorage tells nobody when it changes: a sign-in here bumps this.
  const [generation, setGeneration] = useState(0);
  const chosen = useMemo(
    () => chooseIdentity(knownIdentities({ token: token ?? undefined, identity: identity ?? undefined }), roomId),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- generation stands for sessionStorage
    [token, identity, roomId, generation],
  );
  const signIn = useCallback(async (displayName: string) => {
    saveLibraryIdentity(await createIdentity(displayName.trim()));
    setGeneration((value) => value + 1);
  }, []);
  return { chosen, signIn };
}
