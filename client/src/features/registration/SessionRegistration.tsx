import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionAvailability, SessionRegistrationState, SessionRegistrationView } from '../../../../shared/registration.js';
import { registrationApi } from '../../api/registrationApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useLoaded } from '../shared/useLoaded.js';
import { placesText } from './placesText.js';
import { registrationErrorText, type RegistrationAction } from './registrationErrors.js';
import { SessionStanding } from './SessionStanding.js';
import './registration.css';

interface SessionRegistrationProps {
  sessionId: string;
  eventName: string;
  /** How long the event's offers hold, for those in line. */
  offerHours: number;
  /** The zone the person reads times in (an offer's deadline). */
  zone: string;
}

/**
 * A session's places and where the person stands: signed out, a way to
 * sign in; not registered for the event, a way to register; then a
 * place, a place in line, or an offered place, each with what can be
 * done about it. The server's answer to each action is what is shown next.
 */
export function SessionRegistration({ sessionId, eventName, offerHours, zone }: SessionRegistrationProps) {
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => registrationApi.sessionRegistration(sessionId, signal), sessionId);
  // The latest answer to an action (or to reading again after a refusal), over the first read.
  const [answer, setAnswer] = useState<SessionRegistrationState | null>(null);
  const [outcome, setOutcome] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, run] = useBusyAction();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const act = (action: RegistrationAction, send: () => Promise<SessionRegistrationState>, say: (next: SessionRegistrationState) => string) =>
    run(async () => {
      setOutcome('');
      setProblem(null);
      try {
        const next = await send();
        setAnswer(next);
        setOutcome(say(next));
      } catch (error) {
        setProblem(registrationErrorText(error, t, action));
        // Refused for another reason: nothing changed, the button pressed is still there.
        if (!(error instanceof RequestError && error.code === 'CONFLICT')) return;
        // The places changed meanwhile (an offer lapsed, the last place went): show where one stands now.
        await registrationApi.sessionRegistration(sessionId).then(setAnswer, () => undefined);
      }
      // The button pressed is gone with the state it belonged to: the panel's heading keeps the place.
      headingRef.current?.focus();
    });

  const current = answer ?? (state.status === 'loaded' ? state.value : null);
  return (
    <section className="session-registration" aria-labelledby="registration-heading">
      <h2 id="registration-heading" ref={headingRef} tabIndex={-1}>
        {t('registration.heading')}
      </h2>
      {state.status === 'loading' && !current && (
        <p className="muted" role="status">
          {t('registration.loading')}
        </p>
      )}
      {(state.status === 'error' || state.status === 'missing') && !current && (
        <div className="notice notice--error" role="alert">
          <p>{t('registration.loadError', { message: state.status === 'error' ? state.message : t('registration.errors.notFound') })}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('programme.retry')}
          </button>
        </div>
      )}
      {current && (
        <>
          <PlacesLeft availability={current.availability} />
          <SessionStanding
            sessionId={sessionId}
            eventName={eventName}
            offerHours={offerHours}
            zone={zone}
            registration={current}
            isBusy={isBusy}
            onTake={() =>
              act('take', () => registrationApi.takePlace(sessionId), (next) =>
                next.mine?.state === 'waiting' ? t('registration.outcome.waiting', { position: next.mine.position ?? '' }) : t('registration.outcome.registered'),
              )
            }
            onAccept={() => act('accept', () => registrationApi.acceptOffer(sessionId), () => t('registration.outcome.accepted'))}
            onGiveUp={(mine) => act('giveUp', () => registrationApi.giveUpPlace(sessionId), () => gaveUpText(mine, t))}
          />
        </>
      )}
      <p role="status" className="session-registration__outcome">
        {outcome}
      </p>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {current?.mine && <Link to="/agenda">{t('registration.myAgenda')}</Link>}
    </section>
  );
}

/** "12 places left", "Full: 3 waiting"; nothing for a session without a limit. */
function PlacesLeft({ availability }: { availability: SessionAvailability }) {
  const { t } = useTranslation();
  const text = placesText(availability, t);
  return text && <p className="session-registration__places">{text}</p>;
}

/** What giving up did, by what was held. */
function gaveUpText(mine: SessionRegistrationView, t: TFunction): string {
  switch (mine.state) {
    case 'registered':
      return t('registration.outcome.gaveUpPlace');
    case 'waiting':
      return t('registration.outcome.leftLine');
    case 'offered':
      return t('registration.outcome.declined');
  }
}
