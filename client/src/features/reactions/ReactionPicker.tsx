import { useId, useState, type KeyboardEvent } from 'react';
import { REACTIONS } from '../../../../shared/conversation.js';
import { useRoomSession } from '../../app/services.js';
import { newRequestId } from '../../realtime/requestId.js';
import { REACTION_EMOJI } from './reactionEmoji.js';

const TEXT = { toggle: 'Reactions', group: 'Send a reaction' };

/**
 * A button that shows the six reactions; each sends at once, and the row
 * stays open for the next. Escape closes it and returns to the button.
 */
export function ReactionPicker() {
  const groupId = useId();
  const toggleId = useId();
  const [isOpen, setOpen] = useState(false);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    setOpen(false);
    document.getElementById(toggleId)?.focus();
  };

  return (
    <div className="reaction-picker" onKeyDown={onKeyDown}>
      <button
        type="button"
        id={toggleId}
        className={isOpen ? 'control control--active' : 'control'}
        aria-expanded={isOpen}
        aria-controls={groupId}
        onClick={() => setOpen((open) => !open)}
      >
        {TEXT.toggle}
      </button>
      <div id={groupId} className="reaction-picker__row" role="group" aria-label={TEXT.group} hidden={!isOpen}>
        <ReactionButtons />
      </div>
    </div>
  );
}

/** The six reactions, each a button that sends it at once (also the phone's reaction tray). */
export function ReactionButtons() {
  const session = useRoomSession();
  return REACTIONS.map((reaction) => {
    const { emoji, name } = REACTION_EMOJI[reaction];
    return (
      <button
        key={reaction}
        type="button"
        className="reaction-picker__button"
        aria-label={name}
        title={name}
        // Every press is a reaction of its own; a retry of one press would resend this very payload.
        onClick={() => void session.perform('reaction:send', { reaction, requestId: newRequestId() })}
      >
        <span aria-hidden="true">{emoji}</span>
      </button>
    );
  });
}
