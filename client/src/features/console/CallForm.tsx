import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_KINDS, CALL_STATUSES, type CallInput, type ConsoleCall } from '../../../../shared/calls.js';
import type { EventSummary } from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { FormField, SelectField, TextAreaField } from '../shared/FormField.js';
import { CallQuestionsField } from './CallQuestionsField.js';
import { CallSessionField } from './CallSessionField.js';
import { callFields, callFormSchema, isPartnerCall, questionDrafts } from './callForm.js';
import { Problem } from './ConsoleFrame.js';
import { timeZoneOptions } from './EventForm.js';
import { useConsoleForm } from './useConsoleForm.js';

interface CallFormProps {
  event: EventSummary;
  /** The call to edit; none for a new one. */
  call?: ConsoleCall | undefined;
  onSaved(call: ConsoleCall): void;
  onCancel(): void;
}

/** A call's kind, title, description, session, questions, deadline (on a zone's clock) and status. */
export function CallForm({ event, call, onSaved, onCancel }: CallFormProps) {
  const { t } = useTranslation();
  const [questions, setQuestions] = useState(() => questionDrafts(call?.questions ?? []));
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(callFields(event.timeZone, call), callFormSchema(questions), async (input: CallInput) => {
    onSaved(call ? await consoleApi.updateCall(event.id, call.id, input) : await consoleApi.createCall(event.id, input));
  });
  const hasAnswers = call ? Object.values(call.applications).some((count) => count > 0) : false;
  const idPrefix = call ? `call-${call.id}` : 'new-call';
  return (
    <form className="console-form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      <SelectField
        id={`${idPrefix}-kind`}
        label={t('console.calls.form.kind')}
        value={form.kind}
        onChange={set('kind')}
        error={errors.kind}
        options={CALL_KINDS.map((kind) => ({ value: kind, label: t(`calls.kinds.${kind}`) }))}
      />
      <FormField id={`${idPrefix}-title`} label={t('console.calls.form.title')} autoComplete="off" value={form.title} onChange={set('title')} error={errors.title} />
      <TextAreaField
        id={`${idPrefix}-description`}
        rows={6}
        label={t('console.calls.form.description')}
        hint={t('console.calls.form.descriptionHint')}
        value={form.description}
        onChange={set('description')}
        error={errors.description}
      />
      {isPartnerCall(form.kind) ? (
        <p className="field__hint">{t('console.calls.form.partnerNote')}</p>
      ) : (
        <CallSessionField id={`${idPrefix}-session`} eventId={event.id} current={call?.session ?? null} value={form.sessionId} onChange={set('sessionId')} error={errors.sessionId} />
      )}
      <CallQuestionsField value={questions} onChange={setQuestions} error={errors.questions} hasAnswers={hasAnswers} />
      <div className="console-form__pair">
        <FormField
          id={`${idPrefix}-closes`}
          type="datetime-local"
          label={t('console.calls.form.closesAt')}
          hint={t('console.calls.form.closesAtHint')}
          autoComplete="off"
          value={form.closesAt}
          onChange={set('closesAt')}
          error={errors.closesAt}
        />
        <SelectField id={`${idPrefix}-zone`} label={t('console.calls.form.timeZone')} value={form.timeZone} onChange={set('timeZone')} error={errors.timeZone} options={timeZoneOptions(form.timeZone)} />
      </div>
      <SelectField
        id={`${idPrefix}-status`}
        label={t('console.calls.form.status')}
        hint={t('console.calls.form.statusHint')}
        value={form.status}
        onChange={set('status')}
        error={errors.status}
        options={CALL_STATUSES.map((status) => ({ value: status, label: t(`console.calls.status.${status}`) }))}
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('console.saving') : call ? t('console.save') : t('console.calls.form.create')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('console.cancel')}
        </button>
      </div>
    </form>
  );
}
