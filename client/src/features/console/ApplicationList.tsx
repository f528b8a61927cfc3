import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleApplication, ConsoleCall } from '../../../../shared/calls.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { ApplicationEntry } from './ApplicationEntry.js';
import { applicationQuery, hasApplicationFilters, type ApplicationFilters } from './applicationFilters.js';
import { ApplicationFiltersForm } from './ApplicationFiltersForm.js';
import { NotLoaded, PageNav } from './ConsoleFrame.js';
import { CsvExport } from './CsvExport.js';

interface ApplicationListProps {
  eventId: string;
  calls: readonly ConsoleCall[];
  zone: string;
  filters: ApplicationFilters;
  offset: number;
  onFilters(filters: ApplicationFilters): void;
  onMove(offset: number): void;
  /** A decision changed a call's counts. */
  onDecided(): void;
  headingRef: Ref<HTMLHeadingElement>;
}

/** The applications to the event's calls, oldest first, found by filters, a page at a time; and their export. */
export function ApplicationList({ eventId, calls, zone, filters, offset, onFilters, onMove, onDecided, headingRef }: ApplicationListProps) {
  const { t } = useTranslation();
  const query = applicationQuery(filters, offset);
  const queryKey = `${eventId}:${JSON.stringify(query)}`;
  const { state, reload } = useLoaded((signal) => consoleApi.applications(eventId, query, signal), queryKey);
  return (
    <section className="panel" aria-labelledby="applications-heading">
      <h2 id="applications-heading" ref={headingRef} tabIndex={-1}>
        {t('console.applications.heading')}
      </h2>
      <CsvExport href={consoleApi.applicationsCsvUrl(eventId)} label={t('console.applications.export')} />
      <ApplicationFiltersForm calls={calls} filters={filters} onChange={onFilters} />
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted" role="status">
          {hasApplicationFilters(filters) ? t('console.applications.noMatch') : t('console.applications.empty')}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.directory.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          {/* Keyed by the query: what was changed here holds for this page as read, and a new read starts afresh. */}
          <ApplicationPage key={queryKey} eventId={eventId} calls={calls} zone={zone} items={state.value.items} onDecided={onDecided} />
          <PageNav label={t('console.applications.heading')} offset={offset} next={state.value.next} onMove={onMove} />
        </>
      )}
    </section>
  );
}

interface ApplicationPageProps {
  eventId: string;
  calls: readonly ConsoleCall[];
  zone: string;
  items: ConsoleApplication[];
  onDecided(): void;
}

/**
 * One page of applications. A note or a decision answers with the
 * application as it now stands: it replaces the one read, in place, so the
 * keyboard stays where it was and an accepted application stays in view
 * (with its draft session) even under a "to decide" filter.
 */
function ApplicationPage({ eventId, calls, zone, items, onDecided }: ApplicationPageProps) {
  const [changed, setChanged] = useState<Record<string, ConsoleApplication>>({});
  const update = (application: ConsoleApplication) => setChanged((current) => ({ ...current, [application.id]: application }));
  return (
    <ul className="console-list">
      {items.map((item) => {
        const application = changed[item.id] ?? item;
        return (
          <ApplicationEntry
            key={item.id}
            eventId={eventId}
            application={application}
            call={calls.find((call) => call.id === application.callId)}
            zone={zone}
            onChanged={update}
            onDecided={(decided) => {
              update(decided);
              onDecided();
            }}
          />
        );
      })}
    </ul>
  );
}
