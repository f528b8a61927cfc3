import { useEffect, useState } from 'react';
import { useAppState } from '../../app/services.js';
import type { Notice, NoticeAction } from '../../store/noticesSlice.js';

/** Long enough to read a sentence twice on a small screen. */
const NOTICE_LIFETIME_MS = 8_000;
/** A notice that leads somewhere (a private message, a raised hand) waits longer for its click. */
const ACTION_NOTICE_LIFETIME_MS = 20_000;

const ACTION_TEXT: Record<NoticeAction['kind'], string> = {
  'open-chat': 'Open chat',
  'show-hands': 'Show hands',
};

/**
 * Things that happened to you in the room ("Bruno muted your microphone").
 * The live region is always present, so screen readers announce each
 * notice as it is added. It sits over the stage, never over the control bar
 * or the chat's message box (see `.notices` in styles.css).
 */
export function NoticeRegion({ onAction }: { onAction(action: NoticeAction): void }) {
  const notices = useAppState((state) => state.notices);
  return (
    <div className="notices" role="status" aria-live="polite" aria-label="Notices">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} onAction={onAction} />
      ))}
    </div>
  );
}

/** Stays while the pointer or the keyboard is on it, so nobody has to race it (WCAG 2.2.1). */
function NoticeItem({ notice, onAction }: { notice: Notice; onAction(action: NoticeAction): void }) {
  const dismissNotice = useAppState((state) => state.dismissNotice);
  const [isHeld, setHeld] = useState({ byPointer: false, byFocus: false });
  const isPaused = isHeld.byPointer || isHeld.byFocus;
  useEffect(() => {
    if (isPaused) return;
    const timer = setTimeout(() => dismissNotice(notice.id), notice.action ? ACTION_NOTICE_LIFETIME_MS : NOTICE_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [notice.id, notice.action, isPaused, dismissNotice]);
  const { action } = notice;
  return (
    <div
      className="notice-toast"
      data-testid="notice"
      onPointerEnter={() => setHeld((held) => ({ ...held, byPointer: true }))}
      onPointerLeave={() => setHeld((held) => ({ ...held, byPointer: false }))}
      onFocus={() => setHeld((held) => ({ ...held, byFocus: true }))}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setHeld((held) => ({ ...held, byFocus: false }));
      }}
    >
      <span className="notice-toast__text">{notice.text}</span>
      {action && (
        <button
          type="button"
          className="action action--primary"
          onClick={() => {
            dismissNotice(notice.id);
            onAction(action);
          }}
        >
          {ACTION_TEXT[action.kind]}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={() => dismissNotice(notice.id)}>
        ×
      </button>
    </div>
  );
}
