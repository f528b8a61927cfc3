import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../../shared/programme.js';
import { languageName } from './programmeText.js';
import { SessionTimes } from './SessionTimes.js';
import { ZoneChooser } from './ZoneChooser.js';

interface SessionFactsProps {
  session: Pick<SessionSummary, 'startsAt' | 'endsAt' | 'timeZone' | 'format' | 'place' | 'languages'>;
  /** The zone times are shown in, and how the person changes it. */
  zone: string;
  onZoneChange(zone: string): void;
  /** More facts, after these (a page's own: topic, capacity). */
  children?: ReactNode;
}

/** When (in the person's zone, the organisers' alongside), where and in what languages a session is held. */
export function SessionFacts({ session, zone, onZoneChange, children }: SessionFactsProps) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="session-page__facts">
      <dt>{t('session.when')}</dt>
      <dd>
        <SessionTimes session={session} zone={zone} />
        <ZoneChooser zone={zone} onChange={onZoneChange} />
      </dd>
      <dt>{t('session.where')}</dt>
      <dd>
        {t(`format.${session.format}`)}
        {session.place && <> · {session.place}</>}
      </dd>
      <dt>{t('session.languages')}</dt>
      <dd>{session.languages.map((code) => languageName(code, i18n.language)).join(', ')}</dd>
      {children}
    </dl>
  );
}
