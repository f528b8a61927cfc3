import { useAppState, useRoomSession } from '../../app/services.js';
import { micStateOf, sends, type Person } from '../../store/peopleSelectors.js';

/**
 * Visible words stay short; the accessible name adds who it acts on, after
 * the visible words so that speech control ("click Mute") still finds it.
 */
const TEXT = {
  mute: 'Mute',
  stopCamera: 'Stop camera',
  stopScreen: 'Stop screen share',
  toAudience: 'Send to audience',
  invite: 'Invite to stage',
  lowerHand: 'Lower hand',
  muteChat: 'Mute chat',
  allowChat: 'Allow chat',
  remove: 'Remove',
};

/** What a moderator can do to one person, by where that person is. */
export function ModeratorActions({ person, onRemove }: { person: Person; onRemove(): void }) {
  const session = useRoomSession();
  const { peerId, userId, displayName: name } = person;
  const isOnStage = person.seat === 'stage';
  const isChatMuted = useAppState((state) => state.chatMutes.some((mute) => mute.userId === userId));
  return (
    <div className="person__actions" role="group" aria-label={`Actions for ${name}`}>
      {isOnStage && micStateOf(person.producers) === 'on' && (
        <ActionButton text={TEXT.mute} name={name} onClick={() => session.perform('moderation:stop-media', { peerId, source: 'microphone' })} />
      )}
      {isOnStage && sends(person.producers, 'camera') && (
        <ActionButton text={TEXT.stopCamera} name={name} onClick={() => session.perform('moderation:stop-media', { peerId, source: 'camera' })} />
      )}
      {isOnStage && sends(person.producers, 'screen') && (
        <ActionButton text={TEXT.stopScreen} name={name} onClick={() => session.perform('moderation:stop-media', { peerId, source: 'screen' })} />
      )}
      {isOnStage && (
        <ActionButton text={TEXT.toAudience} name={name} onClick={() => session.perform('stage:send-to-audience', { peerId })} />
      )}
      {!isOnStage && !person.isInvitedToStage && (
        <ActionButton text={TEXT.invite} name={name} isPrimary onClick={() => session.perform('stage:invite', { peerId })} />
      )}
      {!isOnStage && person.handRaisedAt !== null && (
        <ActionButton text={TEXT.lowerHand} name={name} onClick={() => session.perform('moderation:lower-hand', { peerId })} />
      )}
      {person.role !== 'moderator' && (
        <ActionButton
          text={isChatMuted ? TEXT.allowChat : TEXT.muteChat}
          name={name}
          onClick={() => session.perform('chat:mute-person', { userId, muted: !isChatMuted })}
        />
      )}
      <ActionButton text={TEXT.remove} name={name} isDanger onClick={onRemove} />
    </div>
  );
}

interface ActionButtonProps {
  text: string;
  name: string;
  isPrimary?: boolean;
  isDanger?: boolean;
  onClick(): unknown;
}

function ActionButton({ text, name, isPrimary = false, isDanger = false, onClick }: ActionButtonProps) {
  const variant = isPrimary ? ' action--primary' : isDanger ? ' action--danger' : '';
  return (
    <button type="button" className={`action${variant}`} aria-label={`${text} (${name})`} onClick={() => void onClick()}>
      {text}
    </button>
  );
}
