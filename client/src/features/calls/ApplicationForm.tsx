import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSummary, MyApplication } from '../../../../shared/calls.js';
import { callsApi } from '../../api/callsApi.js';
import { FormField, TextAreaField } from '../shared/FormField.js';
import { Cancelled, useSchemaForm } from '../shared/useSchemaForm.js';
import { answerField, applicationFields, applicationFormSchema } from './applicationForm.js';
import { callErrorText, isConflict } from './callErrors.js';

interface ApplicationFormProps {
  call: Pick<CallSummary, 'id' | 'questions'>;
  /** One's application, to change; null: a new one. */
  application: MyApplication | null;
  onSaved(application: MyApplication): void;
  /** The call closed or the application was decided meanwhile: the page reads them again and says so. */
  onConflict(): void;
}

/** The proposal in a line and an answer to each question, checked with the server's rules before sending, each problem said at its field. */
export function ApplicationForm({ call, application, onSaved, onConflict }: ApplicationFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => applicationFormSchema(call.questions.length), [call.questions.length]);
  const { form, set, errors, problem, state, onSubmit } = useSchemaForm(
    applicationFields(call.questions, application),
    schema,
    async (input) => {
      try {
        onSaved(await callsApi.apply(call.id, input));
      } catch (error) {
        if (!isConflict(error)) throw error;
        onConflict();
        // The page says what changed; the form has nothing to add.
        throw new Cancelled();
      }
    },
    (error) => callErrorText(error, t, 'apply'),
  );
  return (
    <form className="page-form" onSubmit={onSubmit} noValidate>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <FormField
        id="application-summary"
        label={t('calls.form.summary')}
        hint={t('calls.form.summaryHint')}
        autoComplete="off"
        value={form.summary ?? ''}
        onChange={set('summary')}
        error={errors.summary}
      />
      {call.questions.map((question, index) => (
        <TextAreaField
          key={index}
          id={`application-answer-${index}`}
          label={question}
          value={form[answerField(index)] ?? ''}
          onChange={set(answerField(index))}
          error={errors[answerField(index)]}
          rows={5}
        />
      ))}
      <button type="submit" className="button button--primary" disabled={state === 'sending'}>
        {state === 'sending' ? t('calls.form.sending') : application ? t('calls.form.save') : t('calls.form.apply')}
      </button>
    </form>
  );
}
