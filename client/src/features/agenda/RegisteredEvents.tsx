import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgendaView } from '../../../../shared/registration.js';

/** An event's first or last day (YYYY-MM-DD, a calendar day: no zone moves it), as the locale writes it. */
function calendarDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
}

/** The events one registered for, each with the way to change (or cancel) the registration. */
export function RegisteredEvents({ events }: { events: AgendaView['events'] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="agenda-events-heading">
      <h2 id="agenda-events-heading">{t('agenda.events')}</h2>
      <ul className="agenda-events">
        {events.map((event) => (
          <li key={event.id}>
            <span>
              <strong>{event.name}</strong>{' '}
              <span className="muted">{t('agenda.eventDays', { from: calendarDay(event.startsOn, i18n.language), to: calendarDay(event.endsOn, i18n.language) })}</span>
            </span>
            <Link
              to={`/e/${encodeURIComponent(event.slug)}/register?from=%2Fagenda`}
              aria-label={t('agenda.editRegistrationFor', { event: event.name })}
            >
              {t('agenda.editRegistration')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
