import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventAuditView } from '../../../../shared/registration.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useViewerZone } from '../programme/useViewerZone.js';
import { useLoaded } from '../shared/useLoaded.js';
import { auditActionKey } from './auditActions.js';
import { NotLoaded, PageNav } from './ConsoleFrame.js';
import { instantText } from '../shared/instantText.js';

/** `/console/e/:eventId/activity`: the event's audit log, newest first, a page at a time: who did what with people's data, and when. */
export function ActivityPanel({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [zone] = useViewerZone();
  const [offset, setOffset] = useState(0);
  const { state, reload } = useLoaded((signal) => consoleApi.audit(eventId, offset, signal), `${eventId}:${offset}`);
  return (
    <section className="panel" aria-labelledby="activity-heading">
      <h2 id="activity-heading">{t('console.activity.heading')}</h2>
      <p className="muted">{t('console.activity.explain')}</p>
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.total === 0 ? (
        <p className="muted">{t('console.activity.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('console.directory.page', { from: offset + 1, to: offset + state.value.items.length, total: state.value.total })}
          </p>
          <ul className="console-list">
            {state.value.items.map((entry) => (
              <ActivityEntry key={entry.id} entry={entry} zone={zone} />
            ))}
          </ul>
          <PageNav label={t('console.activity.heading')} offset={offset} next={state.value.next} onMove={setOffset} />
        </>
      )}
    </section>
  );
}

function ActivityEntry({ entry, zone }: { entry: EventAuditView; zone: string }) {
  const { t, i18n } = useTranslation();
  const key = auditActionKey(entry.action);
  return (
    <li className="console-list__item">
      <div>
        <strong>{key ? t(`console.activity.actions.${key}`) : entry.action}</strong>
        {(entry.detail.title !== undefined || entry.detail.count !== undefined) && (
          <p className="console-list__email">
            {[entry.detail.title, entry.detail.count !== undefined ? t('console.activity.count', { count: entry.detail.count }) : undefined]
              .filter((part) => part !== undefined)
              .join(' · ')}
          </p>
        )}
        <p className="muted">{t('console.activity.by', { name: entry.actorName, at: instantText(entry.at, zone, i18n.language) })}</p>
      </div>
    </li>
  );
}
