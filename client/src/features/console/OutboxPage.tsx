import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxEntry } from '../../../../shared/console.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useLoaded } from '../shared/useLoaded.js';
import { ConsoleFrame, NotLoaded, PageNav } from './ConsoleFrame.js';

const STATE_BADGES: Record<string, string> = { sent: 'badge--ok', held: 'badge--warn', failed: 'badge--warn', queued: 'badge--muted' };

/** `/console/outbox`: every email, newest first, a page at a time; held ones with what to pass on. */
export function OutboxPage() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const { state, reload } = useLoaded((signal) => consoleApi.outbox(offset, signal), String(offset));
  return (
    <ConsoleFrame heading={t('console.outbox.heading')}>
      <p className="muted">{t('console.outbox.explain')}</p>
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted">{t('console.outbox.empty')}</p>
      ) : (
        <>
          <ul className="console-list">
            {state.value.items.map((entry) => (
              <OutboxItem key={entry.id} entry={entry} />
            ))}
          </ul>
          <PageNav label={t('console.outbox.heading')} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
    </ConsoleFrame>
  );
}

function OutboxItem({ entry }: { entry: OutboxEntry }) {
  const { t } = useTranslation();
  const state = (['queued', 'sent', 'held', 'failed'] as const).find((known) => known === entry.state) ?? 'queued';
  return (
    <li className="console-list__item console-outbox__item">
      <article aria-label={entry.subject} className="console-outbox__message">
        <div className="console-heading">
          <strong>{entry.subject}</strong>
          <span className={`badge ${STATE_BADGES[state]}`}>{t(`console.outbox.state.${state}`)}</span>
        </div>
        <p className="muted console-list__email">
          {t('console.outbox.to', { to: entry.to })} · <time dateTime={entry.createdAt}>{new Date(entry.createdAt).toLocaleString()}</time> ·{' '}
          {t('console.outbox.attempts', { count: entry.attempts })}
        </p>
        {entry.lastError && <p className="notice notice--warning">{t('console.outbox.lastError', { error: entry.lastError })}</p>}
        {entry.text !== null && <pre className="console-outbox__text">{entry.text}</pre>}
      </article>
    </li>
  );
}
