import { useTranslation } from 'react-i18next';
import type { SessionLine } from '../../../../shared/registration.js';
import { instantText } from '../shared/instantText.js';
import { isSessionFull } from './sessionLines.js';

interface SessionLinesTableProps {
  lines: SessionLine[];
  /** The session whose people are shown, if any. */
  chosen: string | null;
  onChoose(sessionId: string | null): void;
  /** The zone the organiser reads times in. */
  zone: string;
}

/** The button that opens a session's people: focus comes back to it when they are closed. */
export const sessionLineButtonId = (sessionId: string) => `session-line-${sessionId}`;

/**
 * Every session's places at a glance: capacity, places taken, offers and
 * the line, "Full" where nothing is left to give. A session's title opens
 * its people; pressed again, closes them.
 */
export function SessionLinesTable({ lines, chosen, onChoose, zone }: SessionLinesTableProps) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="session-lines-heading">
      <h2 id="session-lines-heading">{t('console.registrations.sessions.heading')}</h2>
      {lines.length === 0 ? (
        <p className="muted">{t('console.registrations.sessions.empty')}</p>
      ) : (
        <>
          <p className="muted">{t('console.registrations.sessions.explain')}</p>
          {/* Scrolls sideways on a phone rather than squeezing titles to a word a line; focusable, so a keyboard can scroll it. */}
          <div className="console-table" role="region" aria-labelledby="session-lines-heading" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('console.registrations.sessions.session')}</th>
                  <th scope="col">{t('console.registrations.sessions.capacity')}</th>
                  <th scope="col">{t('console.registrations.sessions.registered')}</th>
                  <th scope="col">{t('console.registrations.sessions.offered')}</th>
                  <th scope="col">{t('console.registrations.sessions.waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line) => (
                  <tr key={line.sessionId} className={line.sessionId === chosen ? 'console-table__chosen' : undefined}>
                    <th scope="row">
                      <button
                        type="button"
                        id={sessionLineButtonId(line.sessionId)}
                        className="console-table__open"
                        aria-pressed={line.sessionId === chosen}
                        aria-label={t('console.registrations.sessions.show', { title: line.title })}
                        onClick={() => onChoose(line.sessionId === chosen ? null : line.sessionId)}
                      >
                        {line.title}
                      </button>
                      <time className="muted console-table__when" dateTime={line.startsAt}>
                        {instantText(line.startsAt, zone, i18n.language)}
                      </time>
                    </th>
                    <td>
                      {line.capacity ?? t('console.registrations.sessions.noLimit')}
                      {isSessionFull(line) && <span className="badge badge--warn">{t('console.registrations.sessions.full')}</span>}
                    </td>
                    <td>{line.registered}</td>
                    <td>{line.offered}</td>
                    <td>{line.waiting}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
