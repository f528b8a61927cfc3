import { useTranslation } from 'react-i18next';
import type { ConsoleSession } from '../../../../shared/console.js';
import { SESSION_FORMATS } from '../../../../shared/programme.js';
import { callsApi } from '../../api/callsApi.js';
import { knownZones } from '../programme/useViewerZone.js';
import { LanguageChoices } from '../registration/LanguageChoices.js';
import { FormField, SelectField, TextAreaField } from '../shared/FormField.js';
import { Cancelled, useSchemaForm } from '../shared/useSchemaForm.js';
import { callErrorText, isConflict } from './callErrors.js';
import { partnerSessionFields, partnerSessionFormSchema } from './partnerSessionForm.js';
// LanguageChoices' boxes are styled with the registration form's.
import '../registration/registration.css';

interface PartnerSessionFormProps {
  session: ConsoleSession;
  onSaved(session: ConsoleSession): void;
  /** Published meanwhile: the page reads it again and says so. */
  onConflict(): void;
}

/** What a partner completes of their session: title, description, times in a zone, format, place and languages (the organisers keep the rest). */
export function PartnerSessionForm({ session, onSaved, onConflict }: PartnerSessionFormProps) {
  const { t } = useTranslation();
  const { form, set, errors, problem, state, onSubmit } = useSchemaForm(
    partnerSessionFields(session),
    partnerSessionFormSchema,
    async (input) => {
      try {
        onSaved(await callsApi.saveMySession(session.id, input));
      } catch (error) {
        if (!isConflict(error)) throw error;
        onConflict();
        throw new Cancelled();
      }
    },
    (error) => callErrorText(error, t, 'session'),
  );
  const zones = knownZones(form.timeZone).map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
  return (
    <form className="page-form" onSubmit={onSubmit} noValidate>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <FormField id="partner-session-title" label={t('calls.session.title')} autoComplete="off" value={form.title} onChange={set('title')} error={errors.title} />
      <TextAreaField id="partner-session-description" label={t('calls.session.description')} value={form.description} onChange={set('description')} error={errors.description} rows={6} />
      <div className="page-form__pair">
        <FormField
          id="partner-session-starts"
          type="datetime-local"
          label={t('calls.session.startsAt')}
          hint={t('calls.session.timesHint')}
          autoComplete="off"
          value={form.startsAt}
          onChange={set('startsAt')}
          error={errors.startsAt}
        />
        <FormField id="partner-session-ends" type="datetime-local" label={t('calls.session.endsAt')} autoComplete="off" value={form.endsAt} onChange={set('endsAt')} error={errors.endsAt} />
      </div>
      <SelectField id="partner-session-zone" label={t('calls.session.timeZone')} value={form.timeZone} onChange={set('timeZone')} error={errors.timeZone} options={zones} />
      <SelectField
        id="partner-session-format"
        label={t('calls.session.format')}
        value={form.format}
        onChange={set('format')}
        error={errors.format}
        options={SESSION_FORMATS.map((format) => ({ value: format, label: t(`format.${format}`) }))}
      />
      {form.format !== 'virtual' && (
        <FormField id="partner-session-place" label={t('calls.session.place')} hint={t('calls.session.placeHint')} autoComplete="off" value={form.place} onChange={set('place')} error={errors.place} />
      )}
      <LanguageChoices value={form.languages} onChange={set('languages')} error={errors.languages} legend={t('calls.session.languages')} hint={t('calls.session.languagesHint')} />
      <button type="submit" className="button button--primary" disabled={state === 'sending'}>
        {state === 'sending' ? t('calls.session.saving') : t('calls.session.save')}
      </button>
    </form>
  );
}
