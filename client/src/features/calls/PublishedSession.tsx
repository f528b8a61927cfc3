import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConsoleSession } from '../../../../shared/console.js';
import { SessionFacts } from '../programme/SessionFacts.js';
import { useViewerZone } from '../programme/useViewerZone.js';

/** A partner's session once the organisers published it: as it is, with the way to its page; they now keep it. */
export function PublishedSession({ session }: { session: ConsoleSession }) {
  const { t } = useTranslation();
  const [zone, setZone] = useViewerZone();
  return (
    <>
      <p className="notice">{t('calls.session.published')}</p>
      <h2>{session.title}</h2>
      <p>
        <Link to={`/s/${encodeURIComponent(session.id)}`}>{t('calls.session.publicPage')}</Link>
      </p>
      <SessionFacts session={session} zone={zone} onZoneChange={setZone} />
      {session.description && <p className="call-page__text">{session.description}</p>}
    </>
  );
}
