import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../../../shared/regions.js';
import { LANGUAGE_CHOICES } from '../identity/profileChoices.js';
import { languageName } from '../programme/programmeText.js';
import { SelectField } from '../shared/FormField.js';
import { tickedOf, toggleTicked } from '../shared/tickedList.js';
import type { PreferenceFields } from './mailingListForm.js';

interface PreferenceChoicesProps {
  /** Makes the fields' ids unique on the page. */
  idPrefix: string;
  form: PreferenceFields;
  set(field: keyof PreferenceFields): (value: string) => void;
  errors: Record<string, string>;
  /** The event's topics, to tick. */
  topicChoices: readonly string[];
}

/** A member's preferences: the event's topics to tick (when it has any), their region and the language of the list's messages. */
export function PreferenceChoices({ idPrefix, form, set, errors, topicChoices }: PreferenceChoicesProps) {
  const { t, i18n } = useTranslation();
  const ticked = tickedOf(form.topics);
  // Languages listed are named in themselves; one saved earlier that the list lacks, in the page's language.
  const languages = LANGUAGE_CHOICES.some((choice) => choice.value === form.language)
    ? LANGUAGE_CHOICES
    : [{ value: form.language, label: languageName(form.language, i18n.language) }, ...LANGUAGE_CHOICES];
  return (
    <>
      {topicChoices.length > 0 && (
        <fieldset className="page-form__choices" aria-describedby={errors.topics ? `${idPrefix}-topics-error` : undefined}>
          <legend>{t('mailingList.topics')}</legend>
          <ul className="page-form__options">
            {topicChoices.map((topic, index) => (
              <li key={topic} className="field--checkbox">
                <input
                  id={`${idPrefix}-topic-${index}`}
                  type="checkbox"
                  checked={ticked.includes(topic)}
                  onChange={(event) => set('topics')(toggleTicked(form.topics, topic, event.target.checked))}
                />
                <label htmlFor={`${idPrefix}-topic-${index}`}>{topic}</label>
              </li>
            ))}
          </ul>
          {errors.topics && (
            <p id={`${idPrefix}-topics-error`} className="field__error">
              {errors.topics}
            </p>
          )}
        </fieldset>
      )}
      <SelectField
        id={`${idPrefix}-region`}
        label={t('mailingList.region')}
        value={form.region}
        onChange={set('region')}
        error={errors.region}
        options={[{ value: '', label: t('mailingList.notSaying') }, ...REGIONS.map((region) => ({ value: region, label: t(`registration.regions.${region}`) }))]}
      />
      <SelectField id={`${idPrefix}-language`} label={t('mailingList.language')} value={form.language} onChange={set('language')} error={errors.language} options={languages} />
    </>
  );
}
