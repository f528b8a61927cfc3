import { useEffect } from 'react';
import { useParams } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { useRooms } from '../landing/useRooms.js';
import { parseRoomId } from './parseRoomId.js';
import { PreJoinPanel } from './PreJoinPanel.js';
import { RoomErrorPanel } from './RoomErrorPanel.js';
import { RoomStage } from './RoomStage.js';

/** `/r/:roomId`: the pre-join step, then the room (or what went wrong). */
export function RoomPage() {
  const roomId = parseRoomId(useParams().roomId);
  if (!roomId) return <NotFoundPage />;
  return <RoomScreen key={roomId} roomId={roomId} />;
}

function RoomScreen({ roomId }: { roomId: RoomId }) {
  const session = useRoomSession();
  const status = useAppState((state) => state.status);
  const activeRoomId = useAppState((state) => state.roomId);
  const title = useRoomTitle(roomId);

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
  if (!isThisRoom || status === 'idle' || status === 'left') return <PreJoinPanel roomId={roomId} title={title} />;
  if (status === 'error') return <RoomErrorPanel roomId={roomId} title={title} />;
  return <RoomStage title={title} />;
}

/** The room's title from the room list; its id until (or unless) the list answers. */
function useRoomTitle(roomId: RoomId): string {
  const { state } = useRooms();
  if (state.status !== 'loaded') return roomId;
  return state.rooms.find((room) => room.id === roomId)?.title ?? roomId;
}
