import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ConsoleOverview } from '../../../../shared/console.js';
import type { EventSummary } from '../../../../shared/programme.js';
import { RequestError } from '../../realtime/requestError.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { ConsoleFrame, NotLoaded } from './ConsoleFrame.js';
import { EventForm } from './EventForm.js';

/** `/console`: the events the signed-in person holds a role in, and a new event for organisers. */
export function ConsoleHome() {
  const { t } = useTranslation();
  // Signed out, the page still says whether the platform waits for its first organiser.
  const { state, reload } = useLoaded(async (signal) => {
    const [events, firstRun] = await Promise.all([
      consoleApi.events(signal).catch((error: unknown) => {
        if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return null;
        throw error;
      }),
      consoleApi.firstRun(signal),
    ]);
    return { events, firstRun };
  }, 'home');
  return (
    <ConsoleFrame heading={t('console.title')} back="/">
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : (
        <>
          {state.value.firstRun.isNeeded && (
            <p className="notice">
              {t('console.firstRun.needed')} <Link to="/console/setup">{t('console.firstRun.start')}</Link>
            </p>
          )}
          {state.value.events === null ? (
            <p className="notice">
              {t('console.signInFirst')} <Link to="/account/sign-in?next=%2Fconsole">{t('console.signIn')}</Link>
            </p>
          ) : (
            <SignedInHome overview={state.value.events} />
          )}
        </>
      )}
    </ConsoleFrame>
  );
}

/** The events the person holds a role in; the platform's administrators also make new events and read the outbox. */
function SignedInHome({ overview: { events, isAdmin } }: { overview: ConsoleOverview }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [isAdding, setAdding] = useState(false);
  return (
    <>
          <section className="panel" aria-labelledby="your-events">
            <h2 id="your-events">{t('console.yourEvents')}</h2>
            {events.length === 0 ? (
              <p className="muted">{t('console.noEvents')}</p>
            ) : (
              <ul className="console-list">
                {events.map(({ event, role }) => (
                  <li key={event.id} className="console-list__item">
                    <div>
                      <strong>{role === 'organiser' ? <Link to={`/console/e/${event.id}`}>{event.name}</Link> : event.name}</strong>
                      <p className="muted">
                        {event.startsOn} – {event.endsOn} · {event.timeZone}
                      </p>
                    </div>
                    <span className="console-badges">
                      <span className="badge badge--role">{t(`console.role.${role}`)}</span>
                      <StatusBadge event={event} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {isAdmin && (
            <p>
              <Link to="/console/outbox">{t('console.outbox.link')}</Link>
            </p>
          )}
          {isAdmin && (
            <section className="panel" aria-labelledby="new-event">
              <h2 id="new-event">{t('console.newEvent')}</h2>
              {isAdding ? (
                <EventForm
                  submitText={t('console.createEvent')}
                  send={async (input) => {
                    const created = await consoleApi.createEvent(input);
                    void navigate(`/console/e/${created.id}`);
                  }}
                />
              ) : (
                <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
                  {t('console.newEvent')}
                </button>
              )}
            </section>
          )}
    </>
  );
}

export function StatusBadge({ event }: { event: Pick<EventSummary, 'status'> }) {
  const { t } = useTranslation();
  return <span className={`badge ${event.status === 'published' ? 'badge--ok' : 'badge--muted'}`}>{t(`console.statusBadge.${event.status}`)}</span>;
}
