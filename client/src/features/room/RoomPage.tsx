import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { PreJoinPanel } from '../prejoin/PreJoinPanel.js';
import { useInvitation, type InvitationState } from '../prejoin/useInvitation.js';
import { parseRoomId } from './parseRoomId.js';
import { LobbyWaitingPanel } from './LobbyWaitingPanel.js';
import { RoomErrorPanel, RoomLoadingPanel, RoomMissingPanel } from './RoomErrorPanel.js';
import { useRoomInfo, type RoomInfoState } from './useRoomInfo.js';
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
  const roomInfo = useRoomInfo(roomId);
  const title = roomTitle(roomId, roomInfo, invitation);

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
    // Nobody is asked for a name (or a camera) for a room that does not exist.
    if (roomInfo.status === 'loading') return <RoomLoadingPanel />;
    if (roomInfo.status === 'missing') return <RoomMissingPanel roomId={roomId} />;
    const isLocked = roomInfo.status === 'found' && roomInfo.room.isLocked;
    return (
      <PreJoinPanel roomId={roomId} title={title} invitation={invitation} invitationToken={invitationToken} isLocked={isLocked} />
    );
  }
  if (status === 'error') return <RoomErrorPanel roomId={roomId} title={title} />;
  if (status === 'waiting') return <LobbyWaitingPanel title={title} />;
  return <RoomView title={title} />;
}

/** The room's title: from the room or the invitation; its id until (or unless) one answers. */
function roomTitle(roomId: RoomId, roomInfo: RoomInfoState, invitation: InvitationState): string {
  if (roomInfo.status === 'found') return roomInfo.room.title;
  if (roomInfo.status === 'missing') return 'Room not found';
  if (invitation.status === 'valid') return invitation.summary.roomTitle;
  return roomId;
}
