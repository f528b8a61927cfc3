import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleApplication, ConsoleCall } from '../../../../shared/calls.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { useConfirm } from '../shared/useConfirm.js';
import { acceptanceKey } from './applicationDecision.js';
import { Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';

interface ApplicationDecisionFormProps {
  eventId: string;
  application: ConsoleApplication;
  call: ConsoleCall | undefined;
  onDecided(application: ConsoleApplication): void;
}

/**
 * Accept or decline, with a message mailed to the applicant. Both confirm
 * first, saying what follows: a decision is final, and accepting grants a
 * role or makes a partner's draft session.
 */
export function ApplicationDecisionForm({ eventId, application, call, onDecided }: ApplicationDecisionFormProps) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isBusy, run] = useBusyAction();
  const { ask, dialog } = useConfirm();
  const name = application.displayName;
  const id = `decision-${application.id}`;
  const decide = (decision: 'accept' | 'decline') =>
    run(() => {
      setProblem(null);
      return consoleApi
        .decideApplication(eventId, application.id, { decision, message: message.trim() })
        .then(onDecided, (error: unknown) => setProblem(consoleErrorText(error, t, t('console.applications.decision.conflict'))));
    });
  const acceptBody = t(`console.applications.decision.${acceptanceKey(application.callKind, call ? call.session !== null : null)}`, {
    name,
    session: call?.session?.title ?? '',
  });
  return (
    <section className="application-entry__section" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('console.applications.decision.heading')}</h4>
      <div className="field">
        <label htmlFor={id}>{t('console.applications.decision.message')}</label>
        <textarea id={id} rows={3} maxLength={4000} value={message} onChange={(event) => setMessage(event.target.value)} aria-describedby={`${id}-hint`} />
        <p id={`${id}-hint`} className="field__hint">
          {t('console.applications.decision.messageHint')}
        </p>
      </div>
      <Problem text={problem} />
      {isBusy && (
        <p className="muted" role="status">
          {t('console.applications.decision.sending')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          aria-disabled={isBusy || undefined}
          onClick={() =>
            ask({
              title: t('console.applications.decision.acceptTitle'),
              body: acceptBody,
              confirmText: t('console.applications.decision.accept'),
              act: () => decide('accept'),
            })
          }
        >
          {t('console.applications.decision.accept')}
          <span className="visually-hidden"> {name}</span>
        </button>
        <button
          type="button"
          className="button button--secondary"
          aria-disabled={isBusy || undefined}
          onClick={() =>
            ask({
              title: t('console.applications.decision.declineTitle'),
              body: t('console.applications.decision.declineConfirm', { name }),
              confirmText: t('console.applications.decision.decline'),
              act: () => decide('decline'),
            })
          }
        >
          {t('console.applications.decision.decline')}
          <span className="visually-hidden"> {name}</span>
        </button>
      </div>
      {dialog}
    </section>
  );
}
