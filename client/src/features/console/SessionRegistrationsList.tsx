import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_REGISTRATION_STATES, type ConsoleSessionRegistration, type SessionLine, type SessionRegistrationStatus } from '../../../../shared/registration.js';
import { consoleApi } from '../../api/consoleApi.js';
import { offerDeadline } from '../registration/offerDeadline.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, PageNav } from './ConsoleFrame.js';
import { CsvExport } from './CsvExport.js';
import { instantText } from '../shared/instantText.js';

interface SessionRegistrationsListProps {
  eventId: string;
  line: SessionLine;
  zone: string;
  onClose(): void;
}

const STATE_BADGES: Record<SessionRegistrationStatus, string> = { registered: 'badge--ok', offered: 'badge--warn', waiting: 'badge--muted' };

/**
 * One session's people: places first, then offers (until when, on the
 * organiser's clock), then the line in order; narrowed to one standing if
 * asked. Opening it moves the focus here (on a phone, far below the table).
 */
export function SessionRegistrationsList({ eventId, line, zone, onClose }: SessionRegistrationsListProps) {
  const { t } = useTranslation();
  const [standing, setStanding] = useState<SessionRegistrationStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const { state, reload } = useLoaded(
    (signal) => consoleApi.sessionRegistrations(eventId, line.sessionId, standing || undefined, offset, signal),
    `${line.sessionId}:${standing}:${offset}`,
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const filterId = `session-registrations-${line.sessionId}-state`;
  return (
    <section className="panel" aria-labelledby="session-registrations-heading">
      <div className="console-heading">
        <h2 id="session-registrations-heading" ref={headingRef} tabIndex={-1}>
          {t('console.registrations.session.heading', { title: line.title })}
        </h2>
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t('console.registrations.session.close')}
        </button>
      </div>
      <p className="muted">{t('console.registrations.session.summary', { registered: line.registered, offered: line.offered, waiting: line.waiting })}</p>
      <CsvExport href={consoleApi.sessionRegistrationsCsvUrl(eventId, line.sessionId)} label={t('console.registrations.exportSession')} />
      <div className="field">
        <label htmlFor={filterId}>{t('console.registrations.session.show')}</label>
        <select
          id={filterId}
          value={standing}
          onChange={(event) => {
            setStanding(SESSION_REGISTRATION_STATES.find((known) => known === event.target.value) ?? '');
            setOffset(0);
          }}
        >
          <option value="">{t('console.registrations.session.all')}</option>
          {SESSION_REGISTRATION_STATES.map((known) => (
            <option key={known} value={known}>
              {t(`console.registrations.session.filter.${known}`)}
            </option>
          ))}
        </select>
      </div>
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted">{standing ? t('console.registrations.session.noMatch') : t('console.registrations.session.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.directory.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          <ul className="console-list">
            {state.value.items.map((person) => (
              <SessionPerson key={`${person.email}:${person.state}`} person={person} zone={zone} />
            ))}
          </ul>
          <PageNav label={t('console.registrations.session.heading', { title: line.title })} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
    </section>
  );
}

function SessionPerson({ person, zone }: { person: ConsoleSessionRegistration; zone: string }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="console-list__item">
      <div>
        <strong>{person.displayName}</strong>
        <p className="muted console-list__email">{person.email}</p>
        <p>{standingText(person, zone, t, i18n.language)}</p>
      </div>
      <span className={`badge ${STATE_BADGES[person.state]}`}>{t(`console.registrations.session.state.${person.state}`)}</span>
    </li>
  );
}

/** Where someone stands, in words, with the time that matters for it on the organiser's clock. */
function standingText(person: ConsoleSessionRegistration, zone: string, t: TFunction, locale: string): string {
  const since = instantText(person.since, zone, locale);
  switch (person.state) {
    case 'registered':
      return t('console.registrations.session.placeSince', { since });
    case 'offered':
      return t('console.registrations.session.offeredUntil', { until: person.offerExpiresAt ? offerDeadline(person.offerExpiresAt, zone, locale) : '' });
    case 'waiting':
      return t('console.registrations.session.position', { position: person.position ?? '', since });
  }
}
