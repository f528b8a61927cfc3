import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProgrammeSession } from '../../../../shared/programme.js';
import { languageName } from './programmeText.js';
import { SessionAction } from './SessionAction.js';
import { SessionTimes } from './SessionTimes.js';

interface SessionCardProps {
  session: ProgrammeSession;
  zone: string;
  now: number;
  /** The card's title level under the page's headings. */
  headingLevel?: 3 | 4;
}

/** One programme item: what, when in the person's zone, where, in which languages, and what they can do now. */
export function SessionCard({ session, zone, now, headingLevel = 3 }: SessionCardProps) {
  const { t, i18n } = useTranslation();
  const titleId = `session-${session.id}`;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className="session-card" aria-labelledby={titleId}>
      <p className="session-card__kind">
        {t(`kind.${session.kind}`)}
        {session.topic && <> · {session.topic.name}</>}
      </p>
      <Heading id={titleId} className="session-card__title">
        <Link to={`/s/${encodeURIComponent(session.id)}`}>{session.title}</Link>
      </Heading>
      <SessionTimes session={session} zone={zone} />
      <p className="session-card__facts muted">
        {t(`format.${session.format}`)}
        {session.place && <> · {session.place}</>}
        {' · '}
        {session.languages.map((code) => languageName(code, i18n.language)).join(', ')}
      </p>
      {session.people.length > 0 && (
        <p className="session-card__people">{session.people.map((person) => person.name).join(', ')}</p>
      )}
      <SessionAction session={session} now={now} />
    </article>
  );
}
