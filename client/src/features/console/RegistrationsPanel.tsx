import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/consoleApi.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded } from './ConsoleFrame.js';
import { CsvExport } from './CsvExport.js';
import { RegistrationCounts } from './RegistrationCounts.js';
import { RegistrationList } from './RegistrationList.js';
import { sessionLineButtonId, SessionLinesTable } from './SessionLinesTable.js';
import { SessionRegistrationsList } from './SessionRegistrationsList.js';

/**
 * `/console/e/:eventId/registrations`: who registered, at a glance and one
 * by one; each session's places, offers and line; the exports. Times are on
 * the organiser's own clock (the zone the programme remembers for them).
 */
export function RegistrationsPanel({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [zone] = useViewerZone();
  const [chosen, setChosen] = useState<string | null>(null);
  const { state, reload } = useLoaded((signal) => consoleApi.registrationOverview(eventId, signal), eventId);
  const heading = (
    <h2 id="registrations-heading" className="registrations-heading">
      {t('console.registrations.heading')}
    </h2>
  );
  if (state.status !== 'loaded') {
    return (
      <section className="panel" aria-labelledby="registrations-heading">
        {heading}
        <NotLoaded state={state} reload={reload} />
      </section>
    );
  }
  const overview = state.value;
  const chosenLine = overview.sessions.find((line) => line.sessionId === chosen) ?? null;
  const close = (sessionId: string) => {
    // The list is about to go: the keyboard goes back to the session it was opened from.
    document.getElementById(sessionLineButtonId(sessionId))?.focus();
    setChosen(null);
  };
  if (overview.registrations === 0) {
    return (
      <section className="panel" aria-labelledby="registrations-heading">
        {heading}
        <p className="muted">{t('console.registrations.empty')}</p>
      </section>
    );
  }
  return (
    <>
      <section className="panel" aria-labelledby="registrations-heading">
        {heading}
        <RegistrationCounts overview={overview} />
        <CsvExport href={consoleApi.registrationsCsvUrl(eventId)} label={t('console.registrations.export')} />
      </section>
      <SessionLinesTable lines={overview.sessions} chosen={chosen} onChoose={setChosen} zone={zone} />
      {chosenLine && <SessionRegistrationsList key={chosenLine.sessionId} eventId={eventId} line={chosenLine} zone={zone} onClose={() => close(chosenLine.sessionId)} />}
      <RegistrationList eventId={eventId} zone={zone} />
    </>
  );
}
