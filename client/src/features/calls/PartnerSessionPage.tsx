// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ConsoleSession } from '../../../../shared/console.js';
import { callsApi } from '../../api/callsApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { PublicPage } from '../programme/PublicPage.js';
import { useLoaded } from '../shared/useLoaded.js';
import { PartnerSessionForm } from './PartnerSessionForm.js';
import { PublishedSession } from './PublishedSession.js';
import '../shared/forms.css';
import './calls.css';

/** One's draft session; null: signed out. */
async function loadSession(sessionId: string, signal: AbortSignal): Promise<ConsoleSession | null> {
  try {
    return await callsApi.mySession(sessionId, signal);
  } catch (error) {
    if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return null;
    throw error;
  }
}

/**
 * `/my-sessions/:sessionId`: the session an accepted partner completes
 * while it is a draft; once the organisers publish it, they keep it, and
 * it is shown as it is. Loaded when first visited.
 */
export default function PartnerSessionPage() {
  const { sessionId = '' } = useParams();
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => loadSession(sessionId, signal), sessionId);
  useEffect(() => {
    document.title = `${t('calls.session.heading')} · Convene`;
  }, [t]);
  return (
    <PublicPage state={state} reload={reload} loading={t('calls.session.loading')} missing={t('calls.session.notFound')}>
      {(session) => (session ? <PartnerSession key={session.id} initial={session} /> : <SignInForSession />)}
    </PublicPage>
  );
}

function SignInForSession() {
  const { t } = useTranslation();
  const { sessionId = '' } = useParams();
  return (
    <section className="panel" aria-labelledby="partner-session-heading">
      <h1 id="partner-session-heading">{t('calls.session.heading')}</h1>
      <p>
        {t('calls.session.signIn')}{' '}
        <Link to={`/account/sign-in?next=${encodeURIComponent(`/my-sessions/${sessionId}`)}`}>{t('calls.session.signInLink')}</Link>
      </p>
    </section>
  );
}

/** The form while a draft; as it is once published (the organisers published it meanwhile: the page says so). */
function PartnerSession({ initial }: { initial: ConsoleSession }) {
  const { t } = useTranslation();
  const [session, setSession] = useState(initial);
  const [outcome, setOutcome] = useState<'saved' | 'published' | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const said = (next: 'saved' | 'published') => {
    setOutcome(next);
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };
  /** Published meanwhile: read it again, to show it as the organisers keep it. */
  const refresh = async () => {
    try {
      setSession(await callsApi.mySession(session.id));
    } catch {
      // Left as read: the message says what happened, and reloading reads it again.
    }
    said('published');
  };
  const isDraft = session.status === 'draft';
  return (
    <section className="panel call-page" aria-labelledby="partner-session-heading">
      <p className="session-card__kind">{t(`kind.${session.kind}`)}</p>
      <h1 id="partner-session-heading">{t('calls.session.heading')}</h1>
      <div role="status" ref={outcomeRef} tabIndex={-1} className="page-outcome">
        {outcome && <p className="notice">{outcome === 'saved' ? t('calls.session.saved') : t('calls.errors.published')}</p>}
      </div>
      {isDraft ? (
        <>
          <p className="muted">{t('calls.session.intro')}</p>
          <PartnerSessionForm
            session={session}
            onSaved={(next) => {
              setSession(next);
              said('saved');
            }}
            onConflict={() => void refresh()}
          />
        </>
      ) : (
        <PublishedSession session={session} />
      )}
    </section>
  );
}
