import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApplicationState, ConsoleApplication, ConsoleCall } from '../../../../shared/calls.js';
import { ApplicationComments } from './ApplicationComments.js';
import { ApplicationDecisionForm } from './ApplicationDecisionForm.js';
import { instantText } from '../shared/instantText.js';

const STATE_BADGES: Record<ApplicationState, string> = { submitted: 'badge--warn', accepted: 'badge--ok', declined: 'badge--muted', withdrawn: 'badge--muted' };

interface ApplicationEntryProps {
  eventId: string;
  application: ConsoleApplication;
  /** Its call, once the calls have loaded: says where an accepted person's role would be. */
  call: ConsoleCall | undefined;
  zone: string;
  onChanged(application: ConsoleApplication): void;
  onDecided(application: ConsoleApplication): void;
}

/**
 * One application as organisers review it: who, for which call, the
 * proposal and each answer under its question, where it stands, the
 * organisers' notes, and (while it waits) the decision.
 */
export function ApplicationEntry({ eventId, application, call, zone, onChanged, onDecided }: ApplicationEntryProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [outcome, setOutcome] = useState<string | null>(null);
  // The decision's buttons are gone once it is made: the keyboard goes to what it did.
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);
  const headingId = `application-${application.id}`;
  const { displayName: name } = application;
  const times = [
    t('console.applications.submittedAt', { at: instantText(application.submittedAt, zone, locale) }),
    ...(application.decidedAt ? [t('console.applications.decidedAt', { at: instantText(application.decidedAt, zone, locale) })] : []),
  ];
  return (
    <li className="console-list__item">
      <article className="application-entry" aria-labelledby={headingId}>
        <div className="console-heading">
          <h3 id={headingId}>{name}</h3>
          <span className={`badge ${STATE_BADGES[application.state]}`}>{t(`console.applications.states.${application.state}`)}</span>
        </div>
        <p className="muted console-list__email">{application.email}</p>
        <p className="muted">{t('console.applications.callLine', { kind: t(`calls.kinds.${application.callKind}`), title: application.callTitle })}</p>
        <p className="muted">{times.join(' · ')}</p>
        <h4>{t('console.applications.proposal')}</h4>
        <p className="application-entry__text">{application.summary}</p>
        {application.questions.length > 0 && (
          <>
            <h4>{t('console.applications.answers')}</h4>
            <dl className="application-entry__answers">
              {application.questions.map((question, index) => (
                // Answers follow the questions by position: the index is what pairs them.
                <div key={index}>
                  <dt>{question}</dt>
                  <dd className="application-entry__text">{application.answers[index] || <span className="muted">{t('console.applications.noAnswer')}</span>}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {outcome && (
          <div ref={outcomeRef} tabIndex={-1} className="notice" role="status">
            {outcome}
          </div>
        )}
        {(application.state === 'accepted' || application.state === 'declined') && (
          <>
            <h4>{t('console.applications.message')}</h4>
            <p className="application-entry__text">{application.message || <span className="muted">{t('console.applications.noMessage')}</span>}</p>
          </>
        )}
        {application.sessionId && (
          <p>
            <Link className="button button--secondary button--small" to={`/console/e/${eventId}/s/${application.sessionId}`}>
              {t('console.applications.draftSession')}
              <span className="visually-hidden"> ({name})</span>
            </Link>
            <span className="field__hint application-entry__hint">{t('console.applications.draftSessionHint')}</span>
          </p>
        )}
        {application.state === 'submitted' && (
          <ApplicationDecisionForm
            eventId={eventId}
            application={application}
            call={call}
            onDecided={(decided) => {
              setOutcome(t(decided.state === 'accepted' ? 'console.applications.decision.accepted' : 'console.applications.decision.declined', { name }));
              onDecided(decided);
            }}
          />
        )}
        <ApplicationComments eventId={eventId} application={application} zone={zone} onChanged={onChanged} />
      </article>
    </li>
  );
}
