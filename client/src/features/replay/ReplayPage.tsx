import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { parseMoment } from '../../../../shared/recordings.js';
import { useTranslation } from 'react-i18next';
import { SignInForRecordings } from '../library/SignInForRecordings.js';
import { useLibraryIdentity } from '../library/useLibraryIdentity.js';
import { Replay } from './Replay.js';
import { useRecording } from './useRecording.js';
import '../library/library.css';
import './replay.css';

/** `/recordings/:recordingId[?t=1m30s]`: one recorded session, played with its chat, questions and chapters. */
export function ReplayPage() {
  const { recordingId = '' } = useParams();
  const [params] = useSearchParams();
  const moment = params.get('t');
  const { t } = useTranslation();
  const { chosen, isSettled } = useLibraryIdentity();
  const { state, reload } = useRecording(recordingId, chosen?.token ?? null, isSettled);
  const title = state.status === 'loaded' ? state.detail.title : null;

  useEffect(() => {
    document.title = title ? `${title} · Recorded sessions · Convene` : 'Recorded session · Convene';
  }, [title]);

  return (
    <main className="replay">
      <nav aria-label="Breadcrumb" className="library__crumbs">
        <Link to="/">Convene</Link> <span aria-hidden="true">›</span> <Link to="/recordings">Recorded sessions</Link>
      </nav>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading the recording…
        </p>
      )}
      {state.status === 'error' && (
        <>
          <h1>Recorded session</h1>
          {state.code === 'UNAUTHENTICATED' ? (
            <SignInForRecordings reason={t('library.recordingForRegistered')} />
          ) : (
            <div className="notice notice--error" role="alert">
              <p>{state.message}</p>
              {state.code !== 'NOT_FOUND' && state.code !== 'FORBIDDEN' && (
                <button type="button" className="button button--secondary" onClick={reload}>
                  Try again
                </button>
              )}
            </div>
          )}
        </>
      )}
      {/* A new ?t= (a link to another moment) starts the player again at that moment. */}
      {state.status === 'loaded' && <Replay key={`${state.detail.id}:${moment ?? ''}`} detail={state.detail} startAt={parseMoment(moment)} />}
    </main>
  );
}
