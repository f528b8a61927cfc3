import { useEffect } from 'react';
import { useAppState } from '../../app/services.js';
import type { Notice } from '../../store/noticesSlice.js';

/** Long enough to read a sentence twice on a small screen. */
const NOTICE_LIFETIME_MS = 8_000;

/**
 * Things that happened to you in the room ("Bruno muted your microphone").
 * The live region is always present, so screen readers announce each
 * notice as it is added.
 */
export function NoticeRegion() {
  const notices = useAppState((state) => state.notices);
  return (
    <div className="notices" role="status" aria-live="polite" aria-label="Notices">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const dismissNotice = useAppState((state) => state.dismissNotice);
  useEffect(() => {
    const timer = setTimeout(() => dismissNotice(notice.id), NOTICE_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [notice.id, dismissNotice]);
  return (
    <div className="notice-toast" data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={() => dismissNotice(notice.id)}>
        ×
      </button>
    </div>
  );
}
