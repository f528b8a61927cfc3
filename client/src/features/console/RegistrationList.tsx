import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, PageNav } from './ConsoleFrame.js';
import { RegistrationEntry } from './RegistrationEntry.js';
import { RegistrationFiltersForm } from './RegistrationFiltersForm.js';
import { hasRegistrationFilters, NO_REGISTRATION_FILTERS, registrationQuery } from './registrationFilters.js';

/** Everyone registered for the event, in order of registering, found by filters, a page at a time. */
export function RegistrationList({ eventId, zone }: { eventId: string; zone: string }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState(NO_REGISTRATION_FILTERS);
  const [offset, setOffset] = useState(0);
  const query = registrationQuery(filters, offset);
  const { state, reload } = useLoaded((signal) => consoleApi.registrations(eventId, query, signal), `${eventId}:${JSON.stringify(query)}`);
  return (
    <section className="panel" aria-labelledby="registration-list-heading">
      <h2 id="registration-list-heading">{t('console.registrations.list.heading')}</h2>
      <RegistrationFiltersForm
        filters={filters}
        onChange={(next) => {
          setFilters(next);
          setOffset(0);
        }}
      />
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted" role="status">
          {hasRegistrationFilters(filters) ? t('console.registrations.list.noMatch') : t('console.registrations.empty')}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.directory.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          <ul className="console-list">
            {state.value.items.map((registration) => (
              <RegistrationEntry key={registration.email} registration={registration} zone={zone} />
            ))}
          </ul>
          <PageNav label={t('console.registrations.list.heading')} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
    </section>
  );
}
