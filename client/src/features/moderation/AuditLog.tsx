import { useEffect, useId, useRef, useState } from 'react';
import { CHAT_PAGE_SIZE } from '../../../../shared/conversation.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { formatDateTime } from '../conversation/formatTime.js';
import { describeAuditEntry } from './auditText.js';

const TEXT = {
  heading: 'Audit log',
  empty: 'No moderation actions yet.',
  loading: 'Loading…',
  loadOlder: 'Load older',
  retry: 'Try again',
};

/**
 * Moderators: who did what to whom, newest first. Read on first view (it is
 * not part of the join snapshot), then kept current by live entries.
 */
export function AuditLog({ isVisible }: { isVisible: boolean }) {
  const session = useRoomSession();
  const entries = useAppState((state) => state.auditEntries);
  const hasMore = useAppState((state) => state.auditHasMore);
  const isLoaded = useAppState((state) => state.isAuditLoaded);
  const addAuditPage = useAppState((state) => state.addAuditPage);
  const headingId = useId();
  const [isLoading, setLoading] = useState(false);
  const [hasFailed, setFailed] = useState(false);
  const isLoadingRef = useRef(false);

  const load = async (before?: number) => {
    if (isLoadingRef.current) return;
    isLoadingRef.current = true;
    setLoading(true);
    const page = await session.perform('audit:list', { ...(before === undefined ? {} : { before }), limit: CHAT_PAGE_SIZE });
    isLoadingRef.current = false;
    setLoading(false);
    setFailed(page === null);
    if (page) addAuditPage(page);
  };

  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    // A failed first load waits for the person's "Try again" rather than looping.
    if (isVisible && !isLoaded && !hasFailed) void loadRef.current();
  }, [isVisible, isLoaded, hasFailed]);

  const oldest = entries.at(-1)?.seq;
  return (
    <section className="moderation__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel-heading">
        {TEXT.heading}
      </h3>
      {entries.length === 0 ? (
        <p className="panel-empty">{isLoading || !isLoaded ? TEXT.loading : TEXT.empty}</p>
      ) : (
        <ol className="audit">
          {entries.map((entry) => {
            const { words, detail } = describeAuditEntry(entry);
            return (
              <li key={entry.entryId} className="audit__entry" data-testid="audit-entry" data-action={entry.action}>
                <time className="muted" dateTime={entry.at}>
                  {formatDateTime(entry.at)}
                </time>{' '}
                <bdi className="audit__actor">{entry.actorName}</bdi> {words}
                {detail && (
                  <span className="audit__detail">
                    {' — '}
                    <bdi>{detail}</bdi>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {hasFailed && !isLoaded ? (
        <button type="button" className="action" onClick={() => void load()}>
          {TEXT.retry}
        </button>
      ) : (
        isLoaded &&
        hasMore && (
          <button type="button" className="action" aria-disabled={isLoading} onClick={() => void load(oldest)}>
            {isLoading ? TEXT.loading : TEXT.loadOlder}
          </button>
        )
      )}
    </section>
  );
}
