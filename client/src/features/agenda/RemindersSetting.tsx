import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaView } from '../../../../shared/registration.js';
import { registrationApi } from '../../api/registrationApi.js';
import { registrationErrorText } from '../registration/registrationErrors.js';
import { useBusyAction } from '../shared/useBusyAction.js';

/** Email reminders about an hour before each session one has a place in: saved as soon as the box is ticked or unticked. */
export function RemindersSetting({ reminders, onChanged }: { reminders: boolean; onChanged(view: AgendaView): void }) {
  const { t } = useTranslation();
  const [isBusy, run] = useBusyAction();
  // What the box shows while the server has not answered yet.
  const [pending, setPending] = useState<boolean | null>(null);
  const [outcome, setOutcome] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const change = (next: boolean) =>
    run(async () => {
      setPending(next);
      setOutcome('');
      setProblem(null);
      try {
        const view = await registrationApi.setReminders(next);
        onChanged(view);
        setOutcome(view.reminders ? t('agenda.reminders.on') : t('agenda.reminders.off'));
      } catch (error) {
        setProblem(registrationErrorText(error, t, 'agenda'));
      } finally {
        setPending(null);
      }
    });
  return (
    <section className="panel agenda-reminders" aria-labelledby="agenda-reminders-heading">
      <h2 id="agenda-reminders-heading">{t('agenda.reminders.heading')}</h2>
      <div className="field field--checkbox">
        <input
          id="agenda-reminders"
          type="checkbox"
          checked={pending ?? reminders}
          aria-disabled={isBusy || undefined}
          onChange={(event) => {
            if (!isBusy) change(event.target.checked);
          }}
        />
        <label htmlFor="agenda-reminders">{t('agenda.reminders.label')}</label>
      </div>
      <p role="status" className="muted">
        {outcome}
      </p>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
