import { useCallback, useEffect, useMemo, useState } from 'react';
import { createAccountIdentity, createIdentity } from '../../api/httpApi.js';
import { useAppState } from '../../app/services.js';
import { useSignedInAccount } from '../shared/useSignedInAccount.js';
import { chooseIdentity, knownIdentities, saveLibraryIdentity, type KnownIdentity } from './libraryIdentity.js';

/**
 * The identity the library sends (see libraryIdentity.ts), and a way to get
 * one from a name to watch recordings meant for registered people. Someone
 * signed in browses as their account: the server reads its grants, so an
 * organiser manages every session they organise, in any tab.
 */
export function useLibraryIdentity(roomId: string | null = null): {
  chosen: KnownIdentity | null;
  signIn(displayName: string): Promise<void>;
} {
  const token = useAppState((state) => state.token);
  const identity = useAppState((state) => state.identity);
  const account = useSignedInAccount();
  const accountId = account !== 'checking' && account !== null ? account.id : null;
  const [accountIdentity, setAccountIdentity] = useState<KnownIdentity | null>(null);
  useEffect(() => {
    if (accountId === null) return;
    let isCurrent = true;
    // Failing here leaves the tab's other identities in use.
    createAccountIdentity(null).then(
      (issued) => isCurrent && setAccountIdentity(issued),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [accountId]);
  // sessionStorage tells nobody when it changes: a sign-in here bumps this.
  const [generation, setGeneration] = useState(0);
  const chosen = useMemo(
    () =>
      (accountId !== null && accountIdentity?.identity.accountId === accountId ? accountIdentity : null) ??
      chooseIdentity(knownIdentities({ token: token ?? undefined, identity: identity ?? undefined }), roomId),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- generation stands for sessionStorage
    [token, identity, roomId, generation, accountId, accountIdentity],
  );
  const signIn = useCallback(async (displayName: string) => {
    saveLibraryIdentity(await createIdentity(displayName.trim()));
    setGeneration((value) => value + 1);
  }, []);
  return { chosen, signIn };
}
