/**
 * A count of unread messages. Hidden from the accessible name of the button
 * or tab it sits in (which stays "Chat"); that element points at it with
 * `aria-describedby` instead, so screen readers hear "Chat, 3 unread".
 */
export function UnreadBadge({ id, count }: { id: string; count: number }) {
  if (count === 0) return null;
  return (
    <span id={id} className="unread-badge" aria-hidden="true">
      <span data-testid="unread-count">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
