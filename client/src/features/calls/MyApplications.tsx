import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyApplication } from '../../../../shared/calls.js';
import { callsApi } from '../../api/callsApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import './calls.css';

/** The agenda's "Your applications": each call applied to, where it stands, the organisers' message; nothing when one has applied to none. */
export function MyApplications() {
  const { t } = useTranslation();
  const { state, reload } = useLoaded(callsApi.myApplications, 'applications');
  if (state.status === 'loading' || (state.status === 'loaded' && state.value.length === 0)) return null;
  return (
    <section className="panel" aria-labelledby="my-applications-heading">
      <h2 id="my-applications-heading">{t('calls.mine.heading')}</h2>
      {state.status === 'loaded' ? (
        <ul className="my-applications">
          {state.value.map((application) => (
            <ApplicationEntry key={application.id} application={application} />
          ))}
        </ul>
      ) : (
        <div className="notice notice--error" role="alert">
          <p>{t('calls.mine.loadError')}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('programme.retry')}
          </button>
        </div>
      )}
    </section>
  );
}

function ApplicationEntry({ application }: { application: MyApplication }) {
  const { t } = useTranslation();
  const { call, state } = application;
  return (
    <li>
      <p>
        <Link to={`/calls/${encodeURIComponent(call.id)}`}>
          <strong>{call.title}</strong>
        </Link>{' '}
        <span className="muted">· {call.eventName}</span>
      </p>
      <p className="muted">{application.summary}</p>
      <p>
        <span className={`application-state application-state--${state}`}>{t(`calls.states.${state}`)}</span>
      </p>
      {application.message && (
        <p className="my-applications__message">
          <span className="muted">{t('calls.application.message')}: </span>
          {application.message}
        </p>
      )}
      {state === 'accepted' && application.sessionId && (
        <p>
          <Link to={`/my-sessions/${encodeURIComponent(application.sessionId)}`} aria-label={t('calls.application.completeSessionFor', { title: call.title })}>
            {t('calls.application.completeSession')}
          </Link>
        </p>
      )}
    </li>
  );
}
