import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SESSION_PEOPLE } from '../../../../shared/console.js';
import { SESSION_PERSON_ROLES, type PartnerSummary, type PersonSummary, type SessionPersonRole } from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';

export interface NamedPerson {
  person: Pick<PersonSummary, 'id' | 'name' | 'organisation'>;
  role: SessionPersonRole;
}

/**
 * Who takes part in a session, in the order its page shows them, each as
 * speaker or moderator; found among the event's people by name. (Being
 * named shows on the programme; the room's roles come from the grants.)
 */
export function SessionPeoplePicker({ eventId, value, onChange }: { eventId: string; value: NamedPerson[]; onChange(value: NamedPerson[]): void }) {
  const { t } = useTranslation();
  const move = (index: number, by: -1 | 1) => {
    const next = [...value];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    onChange(next);
  };
  return (
    <fieldset className="console-fieldset">
      <legend>{t('console.picker.people')}</legend>
      <p className="field__hint">{t('console.picker.peopleHint')}</p>
      {value.length === 0 ? (
        <p className="muted">{t('console.picker.nobody')}</p>
      ) : (
        <ol className="console-list">
          {value.map(({ person, role }, index) => (
            <li key={person.id} className="console-list__item">
              <span>
                <strong>{person.name}</strong>
                {person.organisation && <span className="muted console-entry__line">{person.organisation}</span>}
              </span>
              <span className="console-badges">
                <label className="visually-hidden" htmlFor={`picked-role-${person.id}`}>
                  {t('console.picker.roleOf', { name: person.name })}
                </label>
                <select
                  id={`picked-role-${person.id}`}
                  value={role}
                  onChange={(event) => onChange(value.map((entry, at) => (at === index ? { ...entry, role: event.target.value as SessionPersonRole } : entry)))}
                >
                  {SESSION_PERSON_ROLES.map((choice) => (
                    <option key={choice} value={choice}>
                      {t(`console.picker.role.${choice}`)}
                    </option>
                  ))}
                </select>
                <button type="button" className="button button--secondary button--small" disabled={index === 0} onClick={() => move(index, -1)}>
                  <span aria-hidden="true">↑</span>
                  <span className="visually-hidden">{t('console.picker.moveUp', { name: person.name })}</span>
                </button>
                <button type="button" className="button button--secondary button--small" disabled={index === value.length - 1} onClick={() => move(index, 1)}>
                  <span aria-hidden="true">↓</span>
                  <span className="visually-hidden">{t('console.picker.moveDown', { name: person.name })}</span>
                </button>
                <button type="button" className="button button--secondary button--small" onClick={() => onChange(value.filter((_, at) => at !== index))}>
                  {t('console.picker.remove')}
                  <span className="visually-hidden"> {person.name}</span>
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {value.length < MAX_SESSION_PEOPLE && (
        <DirectorySearch
          id="pick-person"
          label={t('console.picker.findPerson')}
          load={(query, signal) => consoleApi.people(eventId, query, 0, signal)}
          exclude={value.map((entry) => entry.person.id)}
          onPick={(person) => onChange([...value, { person, role: 'speaker' }])}
        />
      )}
    </fieldset>
  );
}

/** The session's partner organisations, found among the event's partners by name. */
export function SessionPartnersPicker({ eventId, value, onChange }: { eventId: string; value: PartnerSummary[]; onChange(value: PartnerSummary[]): void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="console-fieldset">
      <legend>{t('console.picker.partners')}</legend>
      {value.length === 0 ? (
        <p className="muted">{t('console.picker.noPartners')}</p>
      ) : (
        <ul className="console-list">
          {value.map((partner) => (
            <li key={partner.id} className="console-list__item">
              <strong>{partner.name}</strong>
              <button type="button" className="button button--secondary button--small" onClick={() => onChange(value.filter((entry) => entry.id !== partner.id))}>
                {t('console.picker.remove')}
                <span className="visually-hidden"> {partner.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {value.length < MAX_SESSION_PEOPLE && (
        <DirectorySearch
          id="pick-partner"
          label={t('console.picker.findPartner')}
          load={(query, signal) => consoleApi.partners(eventId, query, 0, signal)}
          exclude={value.map((partner) => partner.id)}
          onPick={(partner) => onChange([...value, partner])}
        />
      )}
    </fieldset>
  );
}

interface SearchProps<T extends { id: string; name: string }> {
  id: string;
  label: string;
  load(query: string, signal: AbortSignal): Promise<{ items: T[]; total: number }>;
  exclude: string[];
  onPick(entry: T): void;
}

/** A name to look for and the first matches, each with a button that adds it. */
function DirectorySearch<T extends { id: string; name: string }>({ id, label, load, exclude, onPick }: SearchProps<T>) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const { state } = useLoaded((signal) => load(query, signal), `${id}:${query}`);
  const matches = state.status === 'loaded' ? state.value.items.filter((entry) => !exclude.includes(entry.id)) : [];
  return (
    <div className="console-search">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="search"
          autoComplete="off"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          // Inside the session's form: Enter here looks, it does not save the session.
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.preventDefault();
          }}
        />
      </div>
      {state.status === 'loaded' && matches.length === 0 ? (
        <p className="muted">{state.value.total === 0 && !query ? t('console.picker.noneInEvent') : t('console.picker.noMatch')}</p>
      ) : (
        <ul className="console-search__results" aria-label={t('console.picker.matches')}>
          {matches.slice(0, 8).map((entry) => (
            <li key={entry.id}>
              <button type="button" className="button button--secondary button--small" onClick={() => onPick(entry)}>
                {t('console.picker.add', { name: entry.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
