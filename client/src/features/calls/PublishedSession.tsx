import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConsoleSession } from '../../../../shared/console.js';
import { languageName } from '../programme/programmeText.js';
import { SessionTimes } from '../programme/SessionTimes.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { ZoneChooser } from '../programme/ZoneChooser.js';

/** A partner's session once the organisers published it: as it is, with the way to its page; they now keep it. */
export function PublishedSession({ session }: { session: ConsoleSession }) {
  const { t, i18n } = useTranslation();
  const [zone, setZone] = useViewerZone();
  return (
    <>
      <p className="notice">{t('calls.session.published')}</p>
      <h2>{session.title}</h2>
      <p>
        <Link to={`/s/${encodeURIComponent(session.id)}`}>{t('calls.session.publicPage')}</Link>
      </p>
      <dl className="session-page__facts">
        <dt>{t('session.when')}</dt>
        <dd>
          <SessionTimes session={session} zone={zone} />
          <ZoneChooser zone={zone} onChange={setZone} />
        </dd>
        <dt>{t('session.where')}</dt>
        <dd>
          {t(`format.${session.format}`)}
          {session.place && <> · {session.place}</>}
        </dd>
        <dt>{t('session.languages')}</dt>
        <dd>{session.languages.map((code) => languageName(code, i18n.language)).join(', ')}</dd>
      </dl>
      {session.description && <p className="call-page__text">{session.description}</p>}
    </>
  );
}
