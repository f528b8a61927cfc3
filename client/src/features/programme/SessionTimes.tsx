import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../../shared/programme.js';
import { zonedTimes } from '../../../../shared/timeZones.js';

interface SessionTimesProps {
  session: Pick<SessionSummary, 'startsAt' | 'endsAt' | 'timeZone'>;
  /** The zone the person reads times in. */
  zone: string;
}

/** When a session is, in the person's zone; the organisers' time alongside when it differs. */
export function SessionTimes({ session, zone }: SessionTimesProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const viewer = zonedTimes(session.startsAt, session.endsAt, zone, locale);
  const organisers = zonedTimes(session.startsAt, session.endsAt, session.timeZone, locale);
  const differs = viewer.zoneName !== organisers.zoneName || viewer.day !== organisers.day;
  return (
    <div className="session-times">
      <time dateTime={session.startsAt} className="session-times__local">
        {viewer.date}, {viewer.times} <span className="session-times__zone">{viewer.zoneName}</span>
        {viewer.endsNextDay && <> {t('status.endsNextDay')}</>}
      </time>
      {differs && (
        <span className="session-times__organisers muted">
          {t('programme.zone.organisers', { date: organisers.date, times: organisers.times, zone: `${session.timeZone} (${organisers.zoneName})` })}
        </span>
      )}
    </div>
  );
}
