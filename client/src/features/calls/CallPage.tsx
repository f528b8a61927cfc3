// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CallSummary } from '../../../../shared/calls.js';
import { callsApi } from '../../api/callsApi.js';
import { fetchAccount } from '../../api/httpApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { PublicPage } from '../programme/PublicPage.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { ZoneChooser } from '../programme/ZoneChooser.js';
import { useLoaded } from '../shared/useLoaded.js';
import { applicationStep, listsQuestions } from './applicationStep.js';
import { CallDeadline } from './CallDeadline.js';
import { YourApplication, type CallView } from './YourApplication.js';
import '../shared/forms.css';
import './calls.css';

/** Null when signed out; any other failure is the page's. */
const unlessSignedOut = <T,>(reading: Promise<T>): Promise<T | null> =>
  reading.catch((error: unknown) => {
    if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return null;
    throw error;
  });

/** The call, who is reading it (null: signed out) and their application to it. */
async function loadCall(callId: string, signal: AbortSignal): Promise<CallView> {
  const [call, account, application] = await Promise.all([
    callsApi.call(callId, signal),
    unlessSignedOut(fetchAccount(signal)),
    unlessSignedOut(callsApi.myApplication(callId, signal)),
  ]);
  return { call, account: account && { emailVerified: account.emailVerified }, application };
}

/** `/calls/:callId`: a call for participation, and one's application to it. Loaded when first visited: it brings the shared schemas (zod). */
export default function CallPage() {
  const { callId = '' } = useParams();
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => loadCall(callId, signal), callId);
  const title = state.status === 'loaded' ? state.value.call.title : null;
  useEffect(() => {
    document.title = title ? `${title} · Convene` : 'Convene';
  }, [title]);
  return (
    <PublicPage state={state} reload={reload} loading={t('calls.page.loading')} missing={t('calls.page.notFound')}>
      {(view) => <CallContent key={view.call.id} initial={view} />}
    </PublicPage>
  );
}

/** The call as last read: applying and withdrawing answer with the application, and the call as it is now. */
function CallContent({ initial }: { initial: CallView }) {
  const [view, setView] = useState(initial);
  const step = applicationStep(view.call, view.account, view.application);
  return (
    <>
      <CallDetails call={view.call} listsQuestions={listsQuestions(step)} />
      <YourApplication view={view} step={step} onChanged={setView} />
    </>
  );
}

function CallDetails({ call, listsQuestions }: { call: CallSummary; listsQuestions: boolean }) {
  const { t } = useTranslation();
  const [zone, setZone] = useViewerZone();
  return (
    <article className="panel call-page" aria-labelledby="call-title">
      <p className="session-card__kind">{t(`calls.kinds.${call.kind}`)}</p>
      <h1 id="call-title">{call.title}</h1>
      {!call.isOpen && <p className="notice notice--warning">{t('calls.page.closed')}</p>}
      <dl className="session-page__facts">
        <dt>{t('calls.page.event')}</dt>
        <dd>{call.eventName}</dd>
        <dt>{t('calls.page.deadline')}</dt>
        <dd>
          <CallDeadline call={call} zone={zone} />
          <ZoneChooser zone={zone} onChange={setZone} />
        </dd>
        {call.session && (
          <>
            <dt>{t('calls.page.session')}</dt>
            <dd>
              <Link to={`/s/${encodeURIComponent(call.session.id)}`}>{call.session.title}</Link>
            </dd>
          </>
        )}
      </dl>
      {call.description && <p className="call-page__text">{call.description}</p>}
      {listsQuestions && call.questions.length > 0 && (
        <section aria-labelledby="call-questions-heading">
          <h2 id="call-questions-heading">{t('calls.page.questions')}</h2>
          <ol className="call-page__questions">
            {call.questions.map((question, index) => (
              <li key={index} className="call-page__text">
                {question}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
