import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_REGISTRATION_LANGUAGES } from '../../../../shared/registration.js';
import { LANGUAGE_CHOICES } from '../identity/profileChoices.js';
import { languageName } from '../programme/programmeText.js';
import { tickedOf, toggleTicked } from '../shared/tickedList.js';

interface LanguageChoicesProps {
  /** The ticked codes, in the order ticked (shared/tickedList.ts). */
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  /** What the boxes are for, and its hint: by default, the languages one can take part in (registering). */
  legend?: string;
  hint?: string;
}

/** Languages as boxes to tick (by default, those one can take part in); one saved earlier that the list lacks is offered too, ticked. */
export function LanguageChoices({ value, onChange, error, legend, hint }: LanguageChoicesProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const ticked = tickedOf(value);
  const listed = LANGUAGE_CHOICES.map((choice) => choice.value);
  // Listed languages are named in themselves; any other in the page's language.
  const choices = [
    ...LANGUAGE_CHOICES.map((choice) => ({ ...choice, lang: choice.value })),
    ...ticked.filter((code) => !listed.includes(code)).map((code) => ({ value: code, label: languageName(code, i18n.language), lang: undefined })),
  ];
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset className="registration-form__choices" aria-describedby={described}>
      <legend>{legend ?? t('registration.form.languages')}</legend>
      <p id={`${id}-hint`} className="field__hint">
        {hint ?? t('registration.form.languagesHint', { max: MAX_REGISTRATION_LANGUAGES })}
      </p>
      <ul className="registration-form__languages">
        {choices.map((choice) => (
          <li key={choice.value} className="field--checkbox">
            <input
              id={`${id}-${choice.value}`}
              type="checkbox"
              checked={ticked.includes(choice.value)}
              onChange={(event) => onChange(toggleTicked(value, choice.value, event.target.checked))}
            />
            {/* `lang`: a screen reader says a name in its own language as that language. */}
            <label htmlFor={`${id}-${choice.value}`} lang={choice.lang}>
              {choice.label}
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
