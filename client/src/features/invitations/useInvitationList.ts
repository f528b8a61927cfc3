import { useCallback, useEffect, useState } from 'react';
import type { InvitationInfo, InvitationList } from '../../../../shared/invitations.js';
import { useRoomSession } from '../../app/services.js';

export type InvitationListState =
  | { status: 'loading' }
  | { status: 'loaded'; list: InvitationList }
  | { status: 'failed' };

/** The session's invitation links, asked for when the dialog opens and kept in step with what the moderator does. */
export function useInvitationList() {
  const session = useRoomSession();
  const [state, setState] = useState<InvitationListState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    void session.perform('invitation:list', {}).then((list) => {
      if (isCurrent) setState(list ? { status: 'loaded', list } : { status: 'failed' });
    });
    return () => {
      isCurrent = false;
    };
  }, [session, generation]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((value) => value + 1);
  }, []);

  /** A link that was just minted or revoked replaces its old entry (or goes first). */
  const put = useCallback((invitation: InvitationInfo) => {
    setState((current) => {
      if (current.status !== 'loaded') return current;
      const others = current.list.invitations.filter((entry) => entry.invitationId !== invitation.invitationId);
      const isKnown = others.length < current.list.invitations.length;
      const invitations = isKnown
        ? current.list.invitations.map((entry) => (entry.invitationId === invitation.invitationId ? invitation : entry))
        : [invitation, ...others];
      return { status: 'loaded', list: { ...current.list, invitations } };
    });
  }, []);

  return { state, reload, put };
}
