import { useEffect, useId, useRef } from 'react';
import { useRoomSession } from '../../app/services.js';
import type { Person } from '../../store/peopleSelectors.js';
import { ControlIcon } from '../controls/ControlIcon.js';

const TEXT = {
  heading: 'Raised hands',
  show: 'Show the queue',
  hide: 'Hide the queue',
  invite: 'Invite to stage',
  invited: 'Invited',
  lower: 'Lower hand',
  names: (people: readonly Person[]) =>
    people.length <= 3
      ? people.map((person) => person.displayName).join(', ')
      : `${people
          .slice(0, 2)
          .map((person) => person.displayName)
          .join(', ')} and ${people.length - 2} more`,
};

interface RaisedHandsStripProps {
  raisedHands: readonly Person[];
  isExpanded: boolean;
  onExpandedChange(isExpanded: boolean): void;
  /** Changes when a notice asked to show the queue: the strip then takes the focus. */
  focusRequest: number;
}

/**
 * Moderators, while the people panel is closed: the raised hands at a
 * glance, and the queue in order with the same actions as the panel (invite
 * to the stage, lower the hand).
 */
export function RaisedHandsStrip({ raisedHands, isExpanded, onExpandedChange, focusRequest }: RaisedHandsStripProps) {
  const session = useRoomSession();
  const headingId = useId();
  const listId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusRequest > 0) headingRef.current?.focus();
  }, [focusRequest]);
  return (
    <section className="hands-strip" aria-labelledby={headingId} data-testid="raised-hands-strip">
      <div className="hands-strip__summary">
        <ControlIcon name="hand" />
        <h2 id={headingId} className="hands-strip__heading" ref={headingRef} tabIndex={-1}>
          {TEXT.heading} <span className="count">({raisedHands.length})</span>
        </h2>
        {!isExpanded && <span className="hands-strip__names">{TEXT.names(raisedHands)}</span>}
        <button
          type="button"
          className="action"
          aria-expanded={isExpanded}
          aria-controls={isExpanded ? listId : undefined}
          onClick={() => onExpandedChange(!isExpanded)}
        >
          {isExpanded ? TEXT.hide : TEXT.show}
        </button>
      </div>
      {isExpanded && (
        <ol id={listId} className="hands-strip__list">
          {raisedHands.map((person) => (
            <li key={person.peerId} className="hands-strip__person" data-testid="raised-hand" data-display-name={person.displayName}>
              <bdi className="person__name">{person.displayName}</bdi>
              <span className="person__actions">
                {person.isInvitedToStage ? (
                  <span className="badge">{TEXT.invited}</span>
                ) : (
                  <button
                    type="button"
                    className="action action--primary"
                    aria-label={`${TEXT.invite} (${person.displayName})`}
                    onClick={() => void session.perform('stage:invite', { peerId: person.peerId })}
                  >
                    {TEXT.invite}
                  </button>
                )}
                <button
                  type="button"
                  className="action"
                  aria-label={`${TEXT.lower} (${person.displayName})`}
                  onClick={() => void session.perform('moderation:lower-hand', { peerId: person.peerId })}
                >
                  {TEXT.lower}
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
