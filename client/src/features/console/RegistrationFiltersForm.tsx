import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../../../shared/regions.js';
import { LANGUAGE_CHOICES } from '../identity/profileChoices.js';
import { countryChoices } from '../registration/countryChoices.js';
import { hasRegistrationFilters, NO_REGISTRATION_FILTERS, type RegistrationFilters } from './registrationFilters.js';

interface RegistrationFiltersFormProps {
  filters: RegistrationFilters;
  onChange(filters: RegistrationFilters): void;
}

/** Find registrations by name or address, country, region and language; each choice applies at once. */
export function RegistrationFiltersForm({ filters, onChange }: RegistrationFiltersFormProps) {
  const { t, i18n } = useTranslation();
  const set = (name: keyof RegistrationFilters) => (value: string) => onChange({ ...filters, [name]: value });
  return (
    <form className="registration-filters" role="search" aria-label={t('console.registrations.list.filters')} onSubmit={(event) => event.preventDefault()}>
      <div className="field registration-filters__search">
        <label htmlFor="registrations-search">{t('console.registrations.list.search')}</label>
        <input id="registrations-search" type="search" autoComplete="off" maxLength={120} value={filters.q} onChange={(event) => set('q')(event.target.value)} />
      </div>
      <FilterSelect
        id="registrations-country"
        label={t('console.registrations.list.country')}
        all={t('console.registrations.list.allCountries')}
        value={filters.country}
        onChange={set('country')}
        options={countryChoices(i18n.language, filters.country)}
      />
      <FilterSelect
        id="registrations-region"
        label={t('console.registrations.list.region')}
        all={t('console.registrations.list.allRegions')}
        value={filters.region}
        onChange={set('region')}
        options={REGIONS.map((region) => ({ value: region, label: t(`registration.regions.${region}`) }))}
      />
      <FilterSelect
        id="registrations-language"
        label={t('console.registrations.list.language')}
        all={t('console.registrations.list.allLanguages')}
        value={filters.language}
        onChange={set('language')}
        // Each named in itself (as people chose them when registering): `lang` lets a screen reader say it so.
        options={LANGUAGE_CHOICES.map((choice) => ({ ...choice, lang: choice.value }))}
      />
      {hasRegistrationFilters(filters) && (
        <button type="button" className="button button--secondary" onClick={() => onChange(NO_REGISTRATION_FILTERS)}>
          {t('console.registrations.list.clear')}
        </button>
      )}
    </form>
  );
}

interface FilterSelectProps {
  id: string;
  label: string;
  /** The first choice: no narrowing. */
  all: string;
  value: string;
  options: readonly { value: string; label: string; lang?: string }[];
  onChange(value: string): void;
}

function FilterSelect({ id, label, all, value, options, onChange }: FilterSelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
