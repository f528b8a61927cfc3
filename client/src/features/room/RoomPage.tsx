import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { useRooms } from '../landing/useRooms.js';
import { PreJoinPanel } from '../prejoin/PreJoinPanel.js';
import { useInvitation, type InvitationState } from '../prejoin/useInvitation.js';
import { parseRoomId } from './parseRoomId.js';
import { LobbyWaitingPanel } from './LobbyWaitingPanel.js';
import { RoomErrorPanel } from './RoomErrorPanel.js';
import { RoomView } from './RoomView.js';

/** `/r/:roomId` (optionally `?invite=<token>`): the pre-join step, then the room (or what went wrong). */
export function RoomPage() {
  const roomId = parseRoomId(useParams().roomId);
  const [searchParams] = useSearchParams();
  if (!roomId) return <NotFoundPage />;
  const invitationToken = searchParams.get('invite');
  return <RoomScreen key={roomId} roomId={roomId} invitationToken={invitationToken || null} />;
}

function RoomScreen({ roomId, invitationToken }: { roomId: RoomId; invitationToken: string | null }) {
  const session = useRoomSession();
  const status = useAppState((state) => state.status);
  const activeRoomId = useAppState((state) => state.roomId);
  const invitation = useInvitation(invitationToken, roomId);
  const title = useRoomTitle(roomId, invitation);

  useEffect(() => {
    document.title = `${title} · Convene`;
  }, [title]);

  // Leaving the page (Leave, back button, another room) ends the stay and turns devices off.
  useEffect(
    () => () => {
      void session.dispose();
    },
    [session],
  );

  const isThisRoom = activeRoomId === roomId;
  if (!isThisRoom || status === 'idle' || status === 'left') {
    return <PreJoinPanel roomId={roomId} title={title} invitation={invitation} invitationToken={invitationToken} />;
  }
  if (status === 'error') return <RoomErrorPanel roomId={roomId} title={title} />;
  if (status === 'waiting') return <LobbyWaitingPanel title={title} />;
  return <RoomView title={title} />;
}

/** The room's title: from the invitation or the room list; its id until (or unless) one answers. */
function useRoomTitle(roomId: RoomId, invitation: InvitationState): string {
  const { state } = useRooms();
  if (invitation.status === 'valid') return invitation.summary.roomTitle;
  if (state.status !== 'loaded') return roomId;
  return state.rooms.find((room) => room.id === roomId)?.title ?? roomId;
}
