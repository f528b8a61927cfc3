import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { fetchPersonPage } from '../../api/httpApi.js';
import { countryName } from './programmeText.js';
import { PublicPage } from './PublicPage.js';
import { SessionCard } from './SessionCard.js';
import { useLoaded } from '../shared/useLoaded.js';
import { useNow } from './useNow.js';
import { useViewerZone } from './useViewerZone.js';

/** A speaker's public page (`/p/:personId`): who they are and their sessions. */
export function SpeakerPage() {
  const { personId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { state, reload } = useLoaded((signal) => fetchPersonPage(personId, signal), personId);
  const [zone] = useViewerZone();
  const now = useNow();
  const name = state.status === 'loaded' ? state.value.person.name : null;
  useEffect(() => {
    document.title = name ? `${name} · Convene` : 'Convene';
  }, [name]);
  return (
    <PublicPage state={state} reload={reload} loading={t('person.loading')} missing={t('person.notFound')}>
      {({ person, sessions }) => (
        <article className="panel" aria-labelledby="person-name">
          <div className="speaker-page__heading">
            {person.photoUrl && <img className="picture picture--photo speaker-page__photo" src={person.photoUrl} alt={t('person.photo', { name: person.name })} width={128} height={128} />}
            <h1 id="person-name">{person.name}</h1>
          </div>
          <p className="muted">{[person.pronouns, person.organisation, countryName(person.country, i18n.language)].filter(Boolean).join(' · ')}</p>
          {person.biography && <p>{person.biography}</p>}
          <h2>{t('person.sessions')}</h2>
          <ul className="programme__sessions">
            {sessions.map((session) => (
              <li key={session.id}>
                <SessionCard session={session} zone={zone} now={now} />
              </li>
            ))}
          </ul>
        </article>
      )}
    </PublicPage>
  );
}
