import { useTranslation } from 'react-i18next';
import type { EventSummary } from '../../../../shared/programme.js';
import { REGIONS, type EventRegistrationState, type EventRegistrationView } from '../../../../shared/registration.js';
import { registrationApi } from '../../api/registrationApi.js';
import { CheckboxField, SelectField, TextAreaField } from '../shared/FormField.js';
import { useSchemaForm } from '../shared/useSchemaForm.js';
import { countryChoices } from './countryChoices.js';
import { LanguageChoices } from './LanguageChoices.js';
import { registrationErrorText } from './registrationErrors.js';
import { registrationFields, registrationFormSchema } from './registrationForm.js';

interface EventRegistrationFormProps {
  event: Pick<EventSummary, 'slug' | 'principles'>;
  /** One's registration, to change; null: a new one. */
  registration: EventRegistrationView | null;
  onSaved(next: EventRegistrationState): void;
}

/**
 * Country, region, languages, access needs, the event's principles to
 * accept and consent to being recorded: checked with the server's own
 * schema before sending, each problem said at its field.
 */
export function EventRegistrationForm({ event, registration, onSaved }: EventRegistrationFormProps) {
  const { t, i18n } = useTranslation();
  const hasPrinciples = event.principles.length > 0;
  const { form, set, errors, problem, state, onSubmit } = useSchemaForm(
    registrationFields(registration, hasPrinciples),
    registrationFormSchema,
    async (input) => onSaved(await registrationApi.register(event.slug, input)),
    (error) => registrationErrorText(error, t, 'register'),
  );
  const notSaying = { value: '', label: t('registration.form.notSaying') };
  return (
    <form className="registration-form" onSubmit={onSubmit} noValidate>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <SelectField
        id="registration-country"
        label={t('registration.form.country')}
        hint={t('registration.form.countryHint')}
        value={form.country}
        onChange={set('country')}
        error={errors.country}
        options={[notSaying, ...countryChoices(i18n.language, form.country)]}
      />
      <SelectField
        id="registration-region"
        label={t('registration.form.region')}
        hint={t('registration.form.regionHint')}
        value={form.region}
        onChange={set('region')}
        error={errors.region}
        options={[notSaying, ...REGIONS.map((region) => ({ value: region, label: t(`registration.regions.${region}`) }))]}
      />
      <LanguageChoices value={form.languages} onChange={set('languages')} error={errors.languages} />
      <TextAreaField
        id="registration-access"
        label={t('registration.form.accessNeeds')}
        hint={t('registration.form.accessNeedsHint')}
        value={form.accessNeeds}
        onChange={set('accessNeeds')}
        error={errors.accessNeeds}
        rows={3}
      />
      {hasPrinciples && (
        <fieldset className="registration-form__choices">
          <legend>{t('registration.form.principles')}</legend>
          <ol className="registration-form__principles">
            {event.principles.map((principle) => (
              <li key={principle}>{principle}</li>
            ))}
          </ol>
          <CheckboxField
            id="registration-principles"
            label={t('registration.form.acceptsPrinciples')}
            value={form.acceptsPrinciples}
            onChange={set('acceptsPrinciples')}
            error={errors.acceptsPrinciples}
          />
        </fieldset>
      )}
      <CheckboxField
        id="registration-recording"
        label={t('registration.form.consentsToRecording')}
        hint={t('registration.form.consentsToRecordingHint')}
        value={form.consentsToRecording}
        onChange={set('consentsToRecording')}
      />
      <button type="submit" className="button button--primary" disabled={state === 'sending'}>
        {state === 'sending' ? t('registration.form.sending') : registration ? t('registration.form.save') : t('registration.form.submit')}
      </button>
    </form>
  );
}
