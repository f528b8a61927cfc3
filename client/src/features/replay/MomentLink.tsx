import { useState } from 'react';
import { formatClock } from '../../../../shared/recordings.js';
import { momentUrl } from './replayMoments.js';

/** "Copy link to this moment": the page's address with `?t=` at the moment played. */
export function MomentLink({ timeMs }: { timeMs: number }) {
  const [copied, setCopied] = useState<{ url: string; isCopied: boolean } | null>(null);

  const copy = async () => {
    const url = momentUrl(window.location.href, timeMs / 1000);
    try {
      await navigator.clipboard.writeText(url);
      setCopied({ url, isCopied: true });
    } catch {
      // No clipboard (permissions, older browsers): show the link to copy by hand.
      setCopied({ url, isCopied: false });
    }
  };

  return (
    <div className="replay__moment">
      <button type="button" className="button button--secondary button--small" onClick={() => void copy()}>
        Copy link to this moment ({formatClock(timeMs)})
      </button>
      <p role="status" className="replay__moment-status">
        {copied?.isCopied && 'Link copied.'}
      </p>
      {copied && !copied.isCopied && (
        <div className="field">
          <label htmlFor="replay-moment-link">Link to this moment</label>
          <input id="replay-moment-link" type="text" readOnly value={copied.url} onFocus={(event) => event.currentTarget.select()} />
        </div>
      )}
    </div>
  );
}
