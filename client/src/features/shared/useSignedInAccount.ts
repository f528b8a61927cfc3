import { useEffect } from 'react';
import { fetchAccount } from '../../api/httpApi.js';
import { useAppState } from '../../app/services.js';
import { useLoaded } from './useLoaded.js';

/**
 * Whether someone is signed in on this browser, read when a page opens
 * (the pre-join screen: they join with their account, its name and the
 * roles granted it; the library: it shows what they organise). 'checking' until known; any
 * failure to read counts as not signed in (a name for this visit still works).
 */
export function useSignedInAccount(): 'checking' | { id: string; displayName: string } | null {
  const { state } = useLoaded((signal) => fetchAccount(signal), 'account');
  const setAccount = useAppState((store) => store.setAccount);
  const account = state.status === 'loaded' ? { id: state.value.id, displayName: state.value.displayName } : null;
  const accountId = account?.id ?? null;
  const displayName = account?.displayName ?? null;
  useEffect(() => {
    setAccount(accountId && displayName !== null ? { id: accountId, displayName } : null);
  }, [accountId, displayName, setAccount]);
  return state.status === 'loading' ? 'checking' : account;
}
