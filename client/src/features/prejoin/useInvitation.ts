import { useEffect, useState } from 'react';
import type { InvitationSummary } from '../../../../shared/http.js';
import type { RoomId } from '../../../../shared/ids.js';
import { fetchInvitation } from '../../api/httpApi.js';
import { RequestError } from '../../realtime/requestError.js';

export type InvitationState =
  | { status: 'none' }
  | { status: 'checking' }
  | { status: 'valid'; summary: InvitationSummary }
  | { status: 'invalid'; message: string };

const TEXT = {
  expired: 'This invitation link is not valid any more (it may have expired).',
  otherRoom: 'This invitation link is for another room.',
  unreachable: 'We could not check your invitation link.',
  continueAs: 'You can still join as a participant.',
};

/** What the invitation in the address (`?invite=`) grants, checked with the server before joining. */
export function useInvitation(token: string | null, roomId: RoomId): InvitationState {
  const [state, setState] = useState<InvitationState>({ status: token ? 'checking' : 'none' });
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    fetchInvitation(token, controller.signal).then(
      (summary) =>
        setState(
          summary.roomId === roomId ? { status: 'valid', summary } : { status: 'invalid', message: `${TEXT.otherRoom} ${TEXT.continueAs}` },
        ),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const isRefused = error instanceof RequestError && (error.code === 'UNAUTHENTICATED' || error.code === 'NOT_FOUND');
        setState({ status: 'invalid', message: `${isRefused ? TEXT.expired : TEXT.unreachable} ${TEXT.continueAs}` });
      },
    );
    return () => controller.abort();
  }, [token, roomId]);
  return token ? state : { status: 'none' };
}
