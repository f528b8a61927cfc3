import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleMember } from '../../../../shared/mailingList.js';
import { consoleApi } from '../../api/consoleApi.js';
import { languageName } from '../programme/programmeText.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, PageNav } from './ConsoleFrame.js';
import { CsvExport } from './CsvExport.js';
import { instantText } from '../shared/instantText.js';

/** The server refuses a longer search (shared/console.ts directoryQuerySchema): cut, rather than answer a long paste with an error. */
const MAX_SEARCH = 120;

/**
 * The mailing list: how many confirmed and how many not yet, the export
 * (confirmed addresses only), and the members, found by address, a page at a time.
 */
export function MailingListMembers({ eventId, zone }: { eventId: string; zone: string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const q = query.trim().slice(0, MAX_SEARCH);
  const { state, reload } = useLoaded((signal) => consoleApi.mailingList(eventId, q, offset, signal), `${eventId}:${q}:${offset}`);
  const overview = state.status === 'loaded' ? state.value : null;
  const isEmpty = overview !== null && overview.confirmed + overview.unconfirmed === 0;
  return (
    <section className="panel" aria-labelledby="mailing-list-heading">
      <h2 id="mailing-list-heading">{t('console.mailingList.heading')}</h2>
      <p className="muted">{t('console.mailingList.explain')}</p>
      {overview && (
        <div className="registration-counts">
          <p className="registration-counts__total">{t('console.mailingList.confirmed', { count: overview.confirmed })}</p>
          <p className="muted">{t('console.mailingList.unconfirmed', { count: overview.unconfirmed })}</p>
        </div>
      )}
      {overview && overview.confirmed > 0 && <CsvExport href={consoleApi.mailingListCsvUrl(eventId)} label={t('console.mailingList.export')} />}
      <h3 id="mailing-list-members">{t('console.mailingList.members')}</h3>
      {!isEmpty && (
        <div className="field">
          <label htmlFor="mailing-list-search">{t('console.mailingList.search')}</label>
          <input
            id="mailing-list-search"
            type="search"
            autoComplete="off"
            maxLength={MAX_SEARCH}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setOffset(0);
            }}
          />
        </div>
      )}
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted" role="status">
          {q ? t('console.mailingList.noMatch') : t('console.mailingList.empty')}
        </p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.directory.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          <ul className="console-list" aria-labelledby="mailing-list-members">
            {state.value.items.map((member) => (
              <MemberEntry key={member.email} member={member} zone={zone} />
            ))}
          </ul>
          <PageNav label={t('console.mailingList.members')} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
    </section>
  );
}

function MemberEntry({ member, zone }: { member: ConsoleMember; zone: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const standing = member.confirmedAt
    ? t('console.mailingList.confirmedAt', { at: instantText(member.confirmedAt, zone, locale) })
    : t('console.mailingList.signedUpAt', { at: instantText(member.signedUpAt, zone, locale) });
  return (
    <li className="console-list__item registration-entry">
      <div>
        <strong className="console-list__email">{member.email}</strong>
        <p className="muted">{standing}</p>
      </div>
      {!member.confirmedAt && <span className="badge badge--warn">{t('console.mailingList.unconfirmedBadge')}</span>}
      <dl className="registration-entry__facts">
        <div className="registration-entry__fact">
          <dt>{t('console.mailingList.topics')}</dt>
          <dd>{member.topics.length > 0 ? new Intl.ListFormat(locale, { type: 'unit' }).format(member.topics) : t('console.mailingList.anyTopic')}</dd>
        </div>
        <div className="registration-entry__fact">
          <dt>{t('console.mailingList.region')}</dt>
          <dd>{member.region ? t(`registration.regions.${member.region}`) : t('console.mailingList.notSaid')}</dd>
        </div>
        <div className="registration-entry__fact">
          <dt>{t('console.mailingList.language')}</dt>
          <dd>{languageName(member.language, locale)}</dd>
        </div>
      </dl>
    </li>
  );
}
