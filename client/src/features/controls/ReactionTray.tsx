import { useEffect, useRef, type KeyboardEvent } from 'react';
import { ReactionButtons } from '../reactions/ReactionPicker.js';

const TEXT = { group: 'Send a reaction', close: 'Close reactions' };

/**
 * The phone's reactions, opened from the "More" menu: a row above the bar
 * that stays open for the next reaction. Escape or ✕ closes it.
 */
export function ReactionTray({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };
  return (
    <div ref={ref} className="reaction-tray" role="group" aria-label={TEXT.group} onKeyDown={onKeyDown}>
      <ReactionButtons />
      <button type="button" className="icon-button" aria-label={TEXT.close} onClick={onClose}>
        ×
      </button>
    </div>
  );
}
