import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SessionPage as SessionPageData, SessionPersonSummary } from '../../../../shared/programme.js';
import { fetchSessionPage, sessionCalendarUrl } from '../../api/httpApi.js';
import { countryName } from './programmeText.js';
import { PublicPage } from './PublicPage.js';
import { SessionRegistration } from '../registration/SessionRegistration.js';
import { SessionAction } from './SessionAction.js';
import { sessionStatus } from './sessionStatus.js';
import { SessionFacts } from './SessionFacts.js';
import { useLoaded } from '../shared/useLoaded.js';
import { useNow } from './useNow.js';
import { useViewerZone } from './useViewerZone.js';

/** A session's public page (`/s/:sessionId`): what, when, where, who, and what one can do now. */
export function SessionPage() {
  const { sessionId = '' } = useParams();
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => fetchSessionPage(sessionId, signal), sessionId);
  const title = state.status === 'loaded' ? state.value.session.title : null;
  useEffect(() => {
    document.title = title ? `${title} · Convene` : 'Convene';
  }, [title]);
  return (
    <PublicPage state={state} reload={reload} loading={t('session.loading')} missing={t('session.notFound')}>
      {(page) => <SessionDetails page={page} />}
    </PublicPage>
  );
}

function SessionDetails({ page }: { page: SessionPageData }) {
  const { t, i18n } = useTranslation();
  const { session, event, recordingId } = page;
  const [zone, setZone] = useViewerZone();
  const now = useNow(10_000);
  const speakers = session.people.filter((person) => person.role === 'speaker');
  const moderators = session.people.filter((person) => person.role === 'moderator');
  return (
    <article className="panel session-page" aria-labelledby="session-title">
      <p className="session-card__kind">
        {event.name} · {t(`kind.${session.kind}`)}
      </p>
      <h1 id="session-title">{session.title}</h1>
      <div className="session-page__actions">
        <SessionAction session={session} now={now} recordingId={recordingId} />
        <a className="button button--secondary" href={sessionCalendarUrl(session.id)} download>
          {t('status.addToCalendar')}
        </a>
      </div>
      {session.requiresAccount && <p className="muted">{t('session.requiresAccount')}</p>}
      {/* Places matter until the session ends; after it, what is left to do is watch the recording. */}
      {sessionStatus(session, now).name !== 'ended' && (
        <SessionRegistration key={session.id} sessionId={session.id} eventName={event.name} offerHours={event.offerHours} zone={zone} />
      )}
      <SessionFacts session={session} zone={zone} onZoneChange={setZone}>
        {session.topic && (
          <>
            <dt>{t('session.topic')}</dt>
            <dd>{session.topic.name}</dd>
          </>
        )}
        {session.capacity !== null && (
          <>
            <dt>{t('session.capacity', { count: session.capacity })}</dt>
            <dd />
          </>
        )}
      </SessionFacts>
      <p className="session-page__description">{session.description}</p>
      <PeopleSection heading={t('session.speakers')} people={speakers} id="speakers-heading" />
      <PeopleSection heading={t('session.moderators')} people={moderators} id="moderators-heading" />
      {session.partners.length > 0 && (
        <section aria-labelledby="partners-heading">
          <h2 id="partners-heading">{t('session.partners')}</h2>
          <ul className="people-list">
            {session.partners.map((partner) => (
              <li key={partner.id}>
                <Picture url={partner.logoUrl} shape="logo" />
                <span>
                  {partner.link ? (
                    <a href={partner.link} rel="noopener noreferrer" target="_blank">
                      {partner.name}
                    </a>
                  ) : (
                    partner.name
                  )}
                  {partner.country && <span className="muted"> · {countryName(partner.country, i18n.language)}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

/** A photo or logo beside a name (which says who it is: the picture adds nothing to read aloud); a blank of its size without one. */
function Picture({ url, shape }: { url: string | null; shape: 'photo' | 'logo' }) {
  return url ? (
    <img className={`picture picture--${shape}`} src={url} alt="" loading="lazy" width={48} height={48} />
  ) : (
    <span className={`picture picture--${shape} picture--none`} aria-hidden="true" />
  );
}

/** A session's speakers or moderators, each linking to their page. */
function PeopleSection({ heading, people, id }: { heading: string; people: SessionPersonSummary[]; id: string }) {
  const { i18n } = useTranslation();
  if (people.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ul className="people-list">
        {people.map((person) => (
          <li key={person.id}>
            <Picture url={person.photoUrl} shape="photo" />
            <span>
              <Link to={`/p/${encodeURIComponent(person.id)}`}>{person.name}</Link>
              {person.pronouns && <span className="muted"> ({person.pronouns})</span>}
              <span className="muted">
                {[person.organisation, countryName(person.country, i18n.language)]
                  .filter(Boolean)
                  .map((part) => ` · ${part}`)
                  .join('')}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
