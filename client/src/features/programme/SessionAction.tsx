import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionSummary } from '../../../../shared/programme.js';
import { sessionStatus, startsIn } from './sessionStatus.js';

interface SessionActionProps {
  session: Pick<SessionSummary, 'startsAt' | 'endsAt' | 'roomId' | 'title'>;
  now: number;
  /** The recording everyone may watch, when the page knows it. */
  recordingId?: string | null;
}

/** A countdown before, "Join" while live (if it has a room), "Watch the recording" after when there is one. */
export function SessionAction({ session, now, recordingId = null }: SessionActionProps) {
  const { t, i18n } = useTranslation();
  const status = sessionStatus(session, now);
  switch (status.name) {
    case 'upcoming':
      return <span className="session-status">{t('status.startsIn', { when: startsIn(status.startsInMs, i18n.language) })}</span>;
    case 'live':
      return (
        <span className="session-status session-status--live">
          <span className="session-status__live">{t('status.live')}</span>
          {session.roomId && (
            <Link className="button button--primary" to={`/r/${encodeURIComponent(session.roomId)}`} aria-label={`${t('status.join')}: ${session.title}`}>
              {t('status.join')}
            </Link>
          )}
        </span>
      );
    case 'ended':
      return (
        <span className="session-status">
          {recordingId ? (
            <Link className="button button--secondary" to={`/recordings/${encodeURIComponent(recordingId)}`}>
              {t('status.watch')}
            </Link>
          ) : (
            t('status.ended')
          )}
        </span>
      );
  }
}
