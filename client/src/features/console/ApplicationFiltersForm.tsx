import { useTranslation } from 'react-i18next';
import { APPLICATION_STATES, type ConsoleCall } from '../../../../shared/calls.js';
import { hasApplicationFilters, NO_APPLICATION_FILTERS, type ApplicationFilters } from './applicationFilters.js';

interface ApplicationFiltersFormProps {
  calls: readonly ConsoleCall[];
  filters: ApplicationFilters;
  onChange(filters: ApplicationFilters): void;
}

/** Find applications by call, state, and a name, address or proposal; each choice applies at once. */
export function ApplicationFiltersForm({ calls, filters, onChange }: ApplicationFiltersFormProps) {
  const { t } = useTranslation();
  const set = (name: keyof ApplicationFilters) => (value: string) => onChange({ ...filters, [name]: value });
  return (
    <form className="registration-filters" role="search" aria-label={t('console.applications.filters')} onSubmit={(event) => event.preventDefault()}>
      <div className="field registration-filters__search">
        <label htmlFor="applications-search">{t('console.applications.search')}</label>
        <input id="applications-search" type="search" autoComplete="off" maxLength={120} value={filters.q} onChange={(event) => set('q')(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="applications-call">{t('console.applications.call')}</label>
        <select id="applications-call" value={filters.callId} onChange={(event) => set('callId')(event.target.value)}>
          <option value="">{t('console.applications.allCalls')}</option>
          {calls.map((call) => (
            <option key={call.id} value={call.id}>
              {call.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="applications-state">{t('console.applications.state')}</label>
        <select id="applications-state" value={filters.state} onChange={(event) => set('state')(event.target.value)}>
          <option value="">{t('console.applications.allStates')}</option>
          {APPLICATION_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`console.applications.states.${state}`)}
            </option>
          ))}
        </select>
      </div>
      {hasApplicationFilters(filters) && (
        <button type="button" className="button button--secondary" onClick={() => onChange(NO_APPLICATION_FILTERS)}>
          {t('console.applications.clear')}
        </button>
      )}
    </form>
  );
}
