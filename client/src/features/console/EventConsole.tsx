import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useParams } from 'react-router';
import { EVENT_ROLES } from '../../../../shared/eventRoles.js';
import { consoleApi } from '../../api/consoleApi.js';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { useLoaded } from '../shared/useLoaded.js';
import { ActivityPanel } from './ActivityPanel.js';
import { CallsPanel } from './CallsPanel.js';
import { ConsoleFrame, NotLoaded, Problem } from './ConsoleFrame.js';
import { StatusBadge } from './ConsoleHome.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';
import { EventForm } from './EventForm.js';
import { GrantsPanel } from './GrantsPanel.js';
import { MailingListPanel } from './MailingListPanel.js';
import { PartnersPanel } from './PartnersPanel.js';
import { PeoplePanel } from './PeoplePanel.js';
import { RegistrationsPanel } from './RegistrationsPanel.js';
import { SessionEditor } from './SessionEditor.js';
import { SessionsPanel } from './SessionsPanel.js';
import { TopicsPanel } from './TopicsPanel.js';

const TABS = ['sessions', 'details', 'topics', 'people', 'partners', 'calls', 'registrations', 'mailing-list', 'roles', 'activity'] as const;

/** `/console/e/:eventId/*`: one event, for its organisers: sessions, details, topics, people, partners, calls, registrations, mailing list, roles, activity, publication. */
export function EventConsole() {
  const { eventId = '' } = useParams();
  const { t } = useTranslation();
  const { state, reload } = useLoaded((signal) => consoleApi.event(eventId, signal), eventId);
  if (state.status !== 'loaded') {
    return (
      <ConsoleFrame heading={t('console.title')}>
        <NotLoaded state={state} reload={reload} />
      </ConsoleFrame>
    );
  }
  const { event, topics } = state.value;
  return (
    <ConsoleFrame heading={event.name}>
      <EventPublication eventId={event.id} status={event.status} onChanged={reload} />
      <nav aria-label={t('console.tabs.label')}>
        <ul className="console-tabs">
          {TABS.map((tab) => (
            <li key={tab}>
              <NavLink end to={tab === 'sessions' ? `/console/e/${event.id}` : `/console/e/${event.id}/${tab}`} className="console-tabs__tab">
                {t(`console.tabs.${tab}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<SessionsPanel eventId={event.id} />} />
        <Route
          path="details"
          element={
            <section className="panel">
              <EventForm
                event={event}
                submitText={t('console.save')}
                send={async (input) => {
                  await consoleApi.updateEvent(event.id, input);
                  reload();
                }}
              />
            </section>
          }
        />
        <Route path="topics" element={<TopicsPanel eventId={event.id} topics={topics} onChanged={reload} />} />
        <Route path="people" element={<PeoplePanel eventId={event.id} />} />
        <Route path="partners" element={<PartnersPanel eventId={event.id} />} />
        <Route path="calls" element={<CallsPanel event={event} />} />
        <Route path="registrations" element={<RegistrationsPanel eventId={event.id} />} />
        <Route path="mailing-list" element={<MailingListPanel eventId={event.id} topics={topics} />} />
        <Route path="activity" element={<ActivityPanel eventId={event.id} />} />
        <Route
          path="roles"
          element={
            <GrantsPanel
              heading={t('console.grants.eventHeading')}
              roles={EVENT_ROLES}
              roleLabel={(role) => t(`console.role.${role}`)}
              loadKey={`event-${event.id}`}
              load={(signal) => consoleApi.eventGrants(event.id, signal)}
              grant={(email, role) => consoleApi.grantEventRole(event.id, email, role)}
              revoke={(email) => consoleApi.revokeEventRole(event.id, email)}
            />
          }
        />
        <Route path="s/:sessionId" element={<SessionEditor event={event} topics={topics} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </ConsoleFrame>
  );
}

/** The event's status, and the switch: both ways confirm (publishing shows it to everyone; unpublishing hides it). */
function EventPublication({ eventId, status, onChanged }: { eventId: string; status: 'draft' | 'published'; onChanged(): void }) {
  const { t } = useTranslation();
  const { ask, dialog } = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const next = status === 'draft' ? 'published' : 'draft';
  const action = next === 'published' ? t('console.publish') : t('console.unpublish');
  return (
    <div className="console-heading">
      <StatusBadge event={{ status }} />
      <button type="button" className={next === 'published' ? 'button button--primary' : 'button button--secondary'} onClick={() =>
          ask({
            title: action,
            body: next === 'published' ? t('console.publishEventConfirm') : t('console.unpublishEventConfirm'),
            confirmText: action,
            act: () => {
              setProblem(null);
              consoleApi.setEventStatus(eventId, next).then(onChanged, (error: unknown) => setProblem(consoleErrorText(error, t)));
            },
          })
        }
      >
        {action}
      </button>
      <Problem text={problem} />
      {dialog}
    </div>
  );
}
