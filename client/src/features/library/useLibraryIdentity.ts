import { useEffect, useMemo, useState } from 'react';
import { createAccountIdentity } from '../../api/httpApi.js';
import { useAppState } from '../../app/services.js';
import { useSignedInAccount } from '../shared/useSignedInAccount.js';
import { chooseIdentity, knownIdentities, type KnownIdentity } from './libraryIdentity.js';

/**
 * The identity the library sends (see libraryIdentity.ts), and whether
 * someone is signed in. Someone signed in browses as their account: the
 * server reads its grants and registrations, so an organiser manages every
 * session they organise, and a delegate watches what is for their events'
 * registered people, in any tab.
 */
export function useLibraryIdentity(roomId: string | null = null): {
  chosen: KnownIdentity | null;
  /** Null while it is not known yet. */
  isSignedIn: boolean | null;
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
  const chosen = useMemo(
    () =>
      (accountId !== null && accountIdentity?.identity.accountId === accountId ? accountIdentity : null) ??
      chooseIdentity(knownIdentities({ token: token ?? undefined, identity: identity ?? undefined }), roomId),
    [token, identity, roomId, accountId, accountIdentity],
  );
  return { chosen, isSignedIn: account === 'checking' ? null : account !== null };
}
