import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConsoleSession } from '../../../../shared/console.js';
import { zonedTimes } from '../../../../shared/timeZones.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, PageNav } from './ConsoleFrame.js';
import { StatusBadge } from './ConsoleHome.js';

type View = 'list' | 'calendar';

/** The event's sessions, a page at a time, as a list or as a calendar of days (each on its own clock). */
export function SessionsPanel({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const [view, setView] = useState<View>('list');
  const { state, reload } = useLoaded((signal) => consoleApi.sessions(eventId, offset, signal), `${eventId}:${offset}`);
  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <div className="console-heading">
        <h2 id="sessions-heading">{t('console.sessions.heading')}</h2>
        <Link className="button button--primary" to={`/console/e/${eventId}/s/new`}>
          {t('console.sessions.add')}
        </Link>
      </div>
      <fieldset className="console-view">
        <legend className="visually-hidden">{t('console.sessions.view')}</legend>
        {(['list', 'calendar'] as const).map((choice) => (
          <label key={choice} className={view === choice ? 'console-view__choice console-view__choice--on' : 'console-view__choice'}>
            <input type="radio" name="sessions-view" value={choice} checked={view === choice} onChange={() => setView(choice)} />
            {t(`console.sessions.${choice}`)}
          </label>
        ))}
      </fieldset>
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted">{t('console.sessions.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.sessions.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          {view === 'list' ? <SessionList eventId={eventId} sessions={state.value.items} /> : <SessionCalendar eventId={eventId} sessions={state.value.items} />}
          <PageNav label={t('console.sessions.heading')} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
    </section>
  );
}

function SessionList({ eventId, sessions }: { eventId: string; sessions: ConsoleSession[] }) {
  return (
    <ul className="console-list">
      {sessions.map((session) => (
        <SessionRow key={session.id} eventId={eventId} session={session} showDate />
      ))}
    </ul>
  );
}

/** Day by day, on the clock of each session's zone: what a wall planner shows, and it fits a phone. */
function SessionCalendar({ eventId, sessions }: { eventId: string; sessions: ConsoleSession[] }) {
  const days = new Map<string, { date: string; sessions: ConsoleSession[] }>();
  for (const session of sessions) {
    const times = zonedTimes(session.startsAt, session.endsAt, session.timeZone);
    const day = days.get(times.day) ?? { date: times.date, sessions: [] };
    day.sessions.push(session);
    days.set(times.day, day);
  }
  return (
    <div className="console-calendar">
      {[...days].map(([key, day]) => (
        <section key={key} className="console-calendar__day" aria-label={day.date}>
          <h3>{day.date}</h3>
          <ul className="console-list">
            {day.sessions.map((session) => (
              <SessionRow key={session.id} eventId={eventId} session={session} showDate={false} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function SessionRow({ eventId, session, showDate }: { eventId: string; session: ConsoleSession; showDate: boolean }) {
  const { t } = useTranslation();
  const times = zonedTimes(session.startsAt, session.endsAt, session.timeZone);
  return (
    <li className="console-list__item">
      <div>
        <strong>
          <Link to={`/console/e/${eventId}/s/${session.id}`}>{session.title}</Link>
        </strong>
        <p className="muted">
          {t(`kind.${session.kind}`)} · {showDate ? `${times.date}, ` : ''}
          {times.times} {times.zoneName}
        </p>
      </div>
      <span className="console-badges">
        <StatusBadge event={session} />
        {session.roomId && (
          <Link className="button button--secondary button--small" to={`/r/${session.roomId}`}>
            {t('console.sessions.room')}
            <span className="visually-hidden"> {session.title}</span>
          </Link>
        )}
      </span>
    </li>
  );
}
