import { useTranslation } from 'react-i18next';
import { SESSION_FORMATS, SESSION_KINDS, type TopicSummary } from '../../../../shared/programme.js';
import { zonedTimes } from '../../../../shared/timeZones.js';
import { hasFilters, NO_FILTERS, type ProgrammeFilters } from './programmeFilters.js';
import { languageName } from './programmeText.js';

interface ProgrammeFiltersFormProps {
  filters: ProgrammeFilters;
  onChange(filters: ProgrammeFilters): void;
  topics: TopicSummary[];
  days: string[];
  languages: string[];
}

/** Browse by topic, kind, format, language and day; each choice applies at once. */
export function ProgrammeFiltersForm({ filters, onChange, topics, days, languages }: ProgrammeFiltersFormProps) {
  const { t, i18n } = useTranslation();
  const set = (name: keyof ProgrammeFilters) => (value: string) => onChange({ ...filters, [name]: value });
  // A day, written in the person's language (noon UTC of that date: the same date in every zone's label).
  const dayLabel = (day: string) => zonedTimes(`${day}T12:00:00.000Z`, `${day}T12:00:00.000Z`, 'UTC', i18n.language).date;
  const kinds = SESSION_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }));
  const formats = SESSION_FORMATS.map((format) => ({ value: format, label: t(`format.${format}`) }));
  return (
    <form className="programme-filters" aria-label={t('programme.filters.label')} onSubmit={(event) => event.preventDefault()}>
      <FilterSelect
        label={t('programme.filters.topic')}
        all={t('programme.filters.allTopics')}
        value={filters.topic}
        onChange={set('topic')}
        options={topics.map((topic) => ({ value: topic.id, label: topic.name }))}
      />
      <FilterSelect label={t('programme.filters.kind')} all={t('programme.filters.allKinds')} value={filters.kind} onChange={set('kind')} options={kinds} />
      <FilterSelect label={t('programme.filters.format')} all={t('programme.filters.allFormats')} value={filters.format} onChange={set('format')} options={formats} />
      <FilterSelect
        label={t('programme.filters.language')}
        all={t('programme.filters.allLanguages')}
        value={filters.language}
        onChange={set('language')}
        options={languages.map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
      />
      <FilterSelect
        label={t('programme.filters.day')}
        all={t('programme.filters.allDays')}
        value={filters.day}
        onChange={set('day')}
        options={days.map((day) => ({ value: day, label: dayLabel(day) }))}
      />
      {hasFilters(filters) && (
        <button type="button" className="button button--secondary" onClick={() => onChange(NO_FILTERS)}>
          {t('programme.clearFilters')}
        </button>
      )}
    </form>
  );
}

interface FilterSelectProps {
  label: string;
  /** The first choice: no narrowing. */
  all: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}

function FilterSelect({ label, all, value, options, onChange }: FilterSelectProps) {
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{all}</option>
        {/* A value from a shared address that is not among the choices (another zone's day) still shows. */}
        {value && !options.some((option) => option.value === value) && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
