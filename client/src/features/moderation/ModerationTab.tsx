import { AuditLog } from './AuditLog.js';
import { ChatMutesList } from './ChatMutesList.js';
import { LobbyList } from './LobbyList.js';
import { RoomControlsForm } from './RoomControlsForm.js';

/** Moderators: the room's controls, the lobby, muted chat, and the record of what moderators did. */
export function ModerationTab({ isVisible }: { isVisible: boolean }) {
  return (
    <div className="moderation">
      <RoomControlsForm />
      <LobbyList />
      <ChatMutesList />
      <AuditLog isVisible={isVisible} />
    </div>
  );
}
