import { useEffect, useState } from 'react';
import type { InvitationSummary } from '../../../../shared/http.js';
import type { RoomId } from '../../../../shared/ids.js';
import { fetchInvitation } from '../../api/httpApi.js';
import { describeError, RequestError } from '../../realtime/requestError.js';

export type InvitationState =
  | { status: 'none' }
  | { status: 'checking' }
  | { status: 'valid'; summary: InvitationSummary }
  | { status: 'invalid'; message: string };

const TEXT = {
  invalid: 'This invitation link is not valid (part of it may be missing). Ask the person who sent it for a new one.',
  roomGone: 'The room of this invitation link does not exist any more.',
  otherRoom: 'This invitation link is for another room.',
  unreachable: 'We could not check your invitation link.',
  continueAs: 'You can still join as a participant.',
};

/**
 * Why a link was refused, in words: each refusal says what to do about it.
 * A revoked or expired link is said as everywhere else (describeError).
 */
export function refusalOf(error: unknown): string {
  if (!(error instanceof RequestError)) return TEXT.unreachable;
  switch (error.code) {
    case 'INVITATION_REVOKED':
    case 'INVITATION_EXPIRED':
      return describeError(error);
    case 'UNAUTHENTICATED':
      return TEXT.invalid;
    case 'NOT_FOUND':
      return TEXT.roomGone;
    default:
      return TEXT.unreachable;
  }
}

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
        setState({ status: 'invalid', message: `${refusalOf(error)} ${TEXT.continueAs}` });
      },
    );
    return () => controller.abort();
  }, [token, roomId]);
  return token ? state : { status: 'none' };
}
