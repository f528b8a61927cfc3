import { useEffect, useMemo, useState } from 'react';
import { createAccountIdentity } from '../../api/httpApi.js';
import { useAppState } from '../../app/services.js';
import { useSignedInAccount } from '../shared/useSignedInAccount.js';
import { chooseIdentity, expiresInMs, knownIdentities, type KnownIdentity } from './libraryIdentity.js';

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
  /**
   * Whether the identity to ask with is known: not while the account is
   * being read, nor while a signed-in person's identity is on its way (the
   * library would ask as nobody, and say "sign in" for a moment).
   */
  isSettled: boolean;
} {
  const token = useAppState((state) => state.token);
  const identity = useAppState((state) => state.identity);
  const account = useSignedInAccount();
  const accountId = account !== 'checking' && account !== null ? account.id : null;
  const [accountIdentity, setAccountIdentity] = useState<KnownIdentity | null>(null);
  // The account's identity was asked for (and answered, or refused: then the tab's other identities serve).
  const [askedFor, setAskedFor] = useState<string | null>(null);
  const [renewals, setRenewals] = useState(0);
  useEffect(() => {
    if (accountId === null) return;
    let isCurrent = true;
    let renewal: ReturnType<typeof setTimeout> | undefined;
    createAccountIdentity(null).then(
      (issued) => {
        if (!isCurrent) return;
        setAccountIdentity(issued);
        setAskedFor(accountId);
        // A tab left open outlives the token: a new one shortly before it expires.
        const renewIn = expiresInMs(issued.token, Date.now());
        if (renewIn !== null) renewal = setTimeout(() => setRenewals((count) => count + 1), Math.max(10_000, renewIn - 120_000));
      },
      () => isCurrent && setAskedFor(accountId),
    );
    return () => {
      isCurrent = false;
      clearTimeout(renewal);
    };
  }, [accountId, renewals]);
  const chosen = useMemo(
    () =>
      (accountId !== null && accountIdentity?.identity.accountId === accountId ? accountIdentity : null) ??
      chooseIdentity(knownIdentities({ token: token ?? undefined, identity: identity ?? undefined }), roomId),
    [token, identity, roomId, accountId, accountIdentity],
  );
  const isSettled = account !== 'checking' && (accountId === null || askedFor === accountId);
  return { chosen, isSignedIn: account === 'checking' ? null : account !== null, isSettled };
}
