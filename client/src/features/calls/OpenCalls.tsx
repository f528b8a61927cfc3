import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callsApi } from '../../api/callsApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { CallDeadline } from './CallDeadline.js';
import './calls.css';

interface OpenCallsProps {
  slug: string;
  /** The zone the programme shows times in. */
  zone: string;
}

/** The event's open calls on its page, soonest deadline first, each leading to the call and its form. */
export function OpenCalls({ slug, zone }: OpenCallsProps) {
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => callsApi.openCalls(slug, signal), slug);
  return (
    <section className="take-part__part" aria-labelledby="open-calls-heading">
      <h3 id="open-calls-heading">{t('calls.heading')}</h3>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          {t('calls.loading')}
        </p>
      )}
      {(state.status === 'error' || state.status === 'missing') && (
        <div className="notice notice--error" role="alert">
          <p>{t('calls.loadError')}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('programme.retry')}
          </button>
        </div>
      )}
      {state.status === 'loaded' &&
        (state.value.length === 0 ? (
          <p className="muted">{t('calls.none')}</p>
        ) : (
          <>
            <p className="muted">{t('calls.intro')}</p>
            <ul className="call-list">
              {state.value.map((call) => (
                <li key={call.id} className="call-card">
                  <p className="session-card__kind">{t(`calls.kinds.${call.kind}`)}</p>
                  <h4 className="call-card__title">
                    <Link to={`/calls/${encodeURIComponent(call.id)}`}>{call.title}</Link>
                  </h4>
                  <CallDeadline call={call} zone={zone} />
                  {call.session && <p className="call-card__session">{t('calls.forSession', { title: call.session.title })}</p>}
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}
