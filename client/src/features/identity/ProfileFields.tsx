import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PROFILE_ATTRIBUTES } from '../../../../shared/buzz.js';
import { useAppState } from '../../app/services.js';
import { profileChoices } from './profileChoices.js';

const TEXT = {
  legend: 'About you (optional)',
  hint: 'Moderators may use these to form small discussion groups. Remembered on this device.',
  none: 'Prefer not to say',
};

/** Language and region, optional: what buzz groups can be formed by. */
export function ProfileFields() {
  const profile = useAppState((state) => state.profile);
  const setProfile = useAppState((state) => state.setProfile);
  const id = useId();
  const { t } = useTranslation();
  const choices = profileChoices(t);
  return (
    <fieldset className="profile-fields" aria-describedby={`${id}-hint`}>
      <legend>{TEXT.legend}</legend>
      <p id={`${id}-hint`} className="field__hint">
        {TEXT.hint}
      </p>
      {PROFILE_ATTRIBUTES.map((attribute) => {
        const choice = choices[attribute];
        return (
          <div key={attribute} className="field field--inline">
            <label htmlFor={`${id}-${attribute}`}>{choice.label}</label>
            <select
              id={`${id}-${attribute}`}
              value={profile[attribute] ?? ''}
              onChange={(event) => {
                const { [attribute]: _previous, ...rest } = profile;
                setProfile(event.target.value ? { ...rest, [attribute]: event.target.value } : rest);
              }}
            >
              <option value="">{TEXT.none}</option>
              {choice.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
