import type { Person } from '../../store/peopleSelectors.js';
import { RoleBadge } from '../stage/RoleBadge.js';
import { ModeratorActions } from './ModeratorActions.js';

const TEXT = {
  you: '(you)',
  handUp: 'hand raised',
  invited: 'invited to the stage',
  reconnecting: 'reconnecting…',
};

interface PersonRowProps {
  person: Person;
  canModerate: boolean;
  onRemove(person: Person): void;
}

/** One person: name, role, hand and connection state, and a moderator's actions on them. */
export function PersonRow({ person, canModerate, onRemove }: PersonRowProps) {
  const isHandUp = person.handRaisedAt !== null;
  return (
    <li
      className="person"
      data-testid="person"
      data-peer-id={person.peerId}
      data-display-name={person.displayName}
      data-seat={person.seat}
      data-hand={isHandUp ? 'up' : 'down'}
    >
      <div className="person__who">
        <span className="person__name">
          {person.displayName} {person.isSelf && <span className="muted">{TEXT.you}</span>}
        </span>
        <RoleBadge role={person.role} />
        {isHandUp && <span className="badge badge--hand">{TEXT.handUp}</span>}
        {person.isInvitedToStage && <span className="badge">{TEXT.invited}</span>}
        {person.isReconnecting && <span className="badge badge--warn">{TEXT.reconnecting}</span>}
      </div>
      {canModerate && <ModeratorActions person={person} onRemove={() => onRemove(person)} />}
    </li>
  );
}
