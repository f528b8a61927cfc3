import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyApplication } from '../../../../shared/calls.js';

/** A day as the locale writes it, on the reader's own calendar. */
const dayText = (instant: string, locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(instant));

interface ApplicationStandingProps {
  application: MyApplication;
  /** Whether one's proposal and answers are shown (not while the form holds them). */
  showsAnswers: boolean;
}

/** Where one's application stands: its state, when, the organisers' message, and (accepted as a partner) the session to complete. */
export function ApplicationStanding({ application, showsAnswers }: ApplicationStandingProps) {
  const { t, i18n } = useTranslation();
  const { state, call } = application;
  return (
    <div className="application-standing">
      <p>
        <span className="muted">{t('calls.application.stateLabel')}: </span>
        <span className={`application-state application-state--${state}`}>{t(`calls.states.${state}`)}</span>
      </p>
      <p>
        {t(`calls.application.${state}`)} {state === 'submitted' && call.isOpen && t('calls.application.submittedOpen')}
      </p>
      <p className="muted">
        {t('calls.application.sentOn', { date: dayText(application.submittedAt, i18n.language) })}
        {application.decidedAt && <> · {t('calls.application.decidedOn', { date: dayText(application.decidedAt, i18n.language) })}</>}
      </p>
      {application.message && (
        <section aria-labelledby="application-message-heading">
          <h3 id="application-message-heading">{t('calls.application.message')}</h3>
          <p className="call-page__text">{application.message}</p>
        </section>
      )}
      {state === 'accepted' && application.sessionId && (
        <p>
          <Link className="button button--primary" to={`/my-sessions/${encodeURIComponent(application.sessionId)}`}>
            {t('calls.application.completeSession')}
          </Link>
        </p>
      )}
      {showsAnswers && (
        <dl className="application-facts">
          <dt>{t('calls.application.summary')}</dt>
          <dd>{application.summary}</dd>
          {call.questions.map((question, index) => (
            <Answer key={index} question={question} answer={application.answers[index] ?? ''} />
          ))}
        </dl>
      )}
    </div>
  );
}

function Answer({ question, answer }: { question: string; answer: string }) {
  return (
    <>
      <dt>{question}</dt>
      <dd>{answer || '—'}</dd>
    </>
  );
}
