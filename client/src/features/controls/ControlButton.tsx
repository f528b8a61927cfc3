import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { ControlAction } from './controlAction.js';
import { ControlIcon } from './ControlIcon.js';

interface ControlButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onSelect'> {
  action: ControlAction;
  /** The phone bar: an icon over a short word. */
  isCompact: boolean;
  /** Shown after the words (a count), outside the accessible name. */
  children?: ReactNode;
}

/** An action as a button of the control bar. */
export function ControlButton({ action, isCompact, children, className, ...rest }: ControlButtonProps) {
  const classes = ['control', action.tone && `control--${action.tone}`, isCompact && 'control--compact', className].filter(Boolean);
  const shortLabel = isCompact ? action.shortLabel : undefined;
  return (
    <button
      type="button"
      className={classes.join(' ')}
      aria-pressed={action.isPressed}
      aria-disabled={action.isBusy || undefined}
      // Short visible words: the full ones name the button (they contain the short ones, for voice control).
      aria-label={shortLabel ? action.label : undefined}
      onClick={() => !action.isBusy && action.onSelect()}
      {...rest}
    >
      {isCompact && action.icon && <ControlIcon name={action.icon} />}
      {action.tone === 'record' && (
        <>
          <span className="recording-indicator__dot" aria-hidden="true" />{' '}
        </>
      )}
      {isCompact ? <span className="control__label">{shortLabel ?? action.label}</span> : action.label}
      {children}
    </button>
  );
}
