import { ControlIcon } from '../controls/ControlIcon.js';

const plurals = new Intl.PluralRules('en');

/**
 * How many hands are up, on the People button. Like the chat's unread count,
 * it stays out of the button's name ("People"); the button points at it with
 * `aria-describedby`, so screen readers hear "People, 2 raised hands".
 */
export function HandsBadge({ id, count }: { id: string; count: number }) {
  if (count === 0) return null;
  return (
    <span id={id} className="hands-badge" aria-hidden="true">
      <ControlIcon name="hand" />
      <span data-testid="raised-hands-count">{count}</span>
      <span className="visually-hidden">{plurals.select(count) === 'one' ? ' raised hand' : ' raised hands'}</span>
    </span>
  );
}
