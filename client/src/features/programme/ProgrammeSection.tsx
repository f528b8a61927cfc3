import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { zonedTimes } from '../../../../shared/timeZones.js';
import { fetchEvents, fetchProgramme } from '../../api/httpApi.js';
import { applyFilters, filterChoices, readFilters, writeFilters, type ProgrammeFilters } from './programmeFilters.js';
import { ProgrammeFiltersForm } from './ProgrammeFiltersForm.js';
import { SessionCard } from './SessionCard.js';
import { TakePartSection } from './TakePartSection.js';
import { useLoaded } from '../shared/useLoaded.js';
import { useNow } from './useNow.js';
import { useViewerZone } from './useViewerZone.js';
import { ZoneChooser } from './ZoneChooser.js';
import './programme.css';

/** The latest published event's programme: nothing when none is published. */
async function loadProgramme(signal: AbortSignal) {
  const [event] = await fetchEvents(signal);
  return event ? fetchProgramme(event.slug, {}, signal) : null;
}

/**
 * The event's home on the landing page: what it is, then its sessions by
 * day in the person's time zone (the organisers' alongside), with filters
 * kept in the address; then how to take part (open calls, the mailing list).
 */
export function ProgrammeSection() {
  const { t, i18n } = useTranslation();
  const { state, reload } = useLoaded(loadProgramme, 'programme');
  const [zone, setZone] = useViewerZone();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const now = useNow();
  const setFilters = (next: ProgrammeFilters) => setParams(writeFilters(next), { replace: true });

  const programme = state.status === 'loaded' ? state.value : null;
  const choices = useMemo(() => filterChoices(programme?.sessions ?? [], zone), [programme, zone]);
  const shown = useMemo(() => applyFilters(programme?.sessions ?? [], filters, zone), [programme, filters, zone]);
  const byDay = useMemo(() => {
    const days = new Map<string, typeof shown>();
    for (const session of shown) {
      const day = zonedTimes(session.startsAt, session.endsAt, zone).day;
      days.set(day, [...(days.get(day) ?? []), session]);
    }
    return [...days];
  }, [shown, zone]);

  if (state.status === 'loading') {
    return (
      <section className="panel" aria-labelledby="programme-heading">
        <h2 id="programme-heading">{t('programme.heading')}</h2>
        <p className="muted" role="status">
          {t('programme.loading')}
        </p>
      </section>
    );
  }
  if (state.status !== 'loaded') {
    return (
      <section className="panel" aria-labelledby="programme-heading">
        <h2 id="programme-heading">{t('programme.heading')}</h2>
        <div className="notice notice--error" role="alert">
          <p>{t('programme.loadError', { message: state.status === 'error' ? state.message : '' })}</p>
          <button type="button" className="button button--secondary" onClick={reload}>
            {t('programme.retry')}
          </button>
        </div>
      </section>
    );
  }
  if (!programme) {
    return (
      <section className="panel" aria-labelledby="programme-heading">
        <h2 id="programme-heading">{t('programme.heading')}</h2>
        <p className="muted">{t('programme.noEvent')}</p>
      </section>
    );
  }
  const { event } = programme;
  return (
    <>
      <section className="panel programme" aria-labelledby="programme-heading">
        <header className="programme__event">
          <p className="programme__theme">{event.theme}</p>
          <h2 id="programme-heading">{event.name}</h2>
          <p>{event.description}</p>
          {event.host && <p className="muted">{t('programme.hostedBy', { host: event.host })}</p>}
          {event.principles.length > 0 && (
            <details className="programme__principles">
              <summary>{t('programme.principles')}</summary>
              <ol>
                {event.principles.map((principle) => (
                  <li key={principle}>{principle}</li>
                ))}
              </ol>
            </details>
          )}
        </header>
        <div className="programme__tools">
          <ZoneChooser zone={zone} onChange={setZone} />
          <ProgrammeFiltersForm filters={filters} onChange={setFilters} topics={programme.topics} days={choices.days} languages={choices.languages} />
        </div>
        <p className="muted" role="status">
          {t('programme.count', { count: shown.length })}
        </p>
        {shown.length === 0 ? (
          <p>{t('programme.empty')}</p>
        ) : (
          byDay.map(([day, sessions]) => (
            <section key={day} className="programme__day" aria-labelledby={`day-${day}`}>
              <h3 id={`day-${day}`} className="programme__day-heading">
                {zonedTimes(sessions[0]!.startsAt, sessions[0]!.endsAt, zone, i18n.language).date}
              </h3>
              <ul className="programme__sessions">
                {sessions.map((session) => (
                  <li key={session.id}>
                    <SessionCard session={session} zone={zone} now={now} headingLevel={4} />
                  </li>
                ))}
              </ul>
            </section>
          ))
        )}
      </section>
      <TakePartSection event={event} topics={programme.topics} zone={zone} />
    </>
  );
}
