import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { sessionInputSchema, type ConsoleSession, type SessionInput } from '../../../../shared/console.js';
import { SESSION_ROLES } from '../../../../shared/eventRoles.js';
import {
  RECORDING_POLICIES,
  SESSION_FORMATS,
  SESSION_KINDS,
  type EventSummary,
  type TopicSummary,
} from '../../../../shared/programme.js';
import { consoleApi } from '../../api/consoleApi.js';
import { CheckboxField, FormField, SelectField, TextAreaField } from '../shared/FormField.js';
import { useLoaded } from '../shared/useLoaded.js';
import { NotLoaded, Problem } from './ConsoleFrame.js';
import { StatusBadge } from './ConsoleHome.js';
import { consoleErrorText } from './consoleErrors.js';
import { useConfirm } from '../shared/useConfirm.js';
import { timeZoneOptions } from './EventForm.js';
import { GrantsPanel } from './GrantsPanel.js';
import { InvitationsPanel } from './InvitationsPanel.js';
import { SessionPartnersPicker, SessionPeoplePicker, type NamedPerson } from './SessionPeoplePicker.js';
import { useConsoleForm } from './useConsoleForm.js';

type SessionFields = Record<
  | 'kind'
  | 'title'
  | 'description'
  | 'startsAt'
  | 'endsAt'
  | 'timeZone'
  | 'format'
  | 'place'
  | 'languages'
  | 'capacity'
  | 'topicId'
  | 'visibility'
  | 'recordingPolicy'
  | 'requiresAccount',
  string
>;

function sessionFields(event: EventSummary, session?: ConsoleSession): SessionFields {
  return {
    kind: session?.kind ?? 'webinar',
    title: session?.title ?? '',
    description: session?.description ?? '',
    startsAt: session?.startsAtLocal ?? '',
    endsAt: session?.endsAtLocal ?? '',
    timeZone: session?.timeZone ?? event.timeZone,
    format: session?.format ?? 'virtual',
    place: session?.place ?? '',
    languages: session?.languages.join(', ') ?? 'en',
    capacity: session?.capacity === null || session?.capacity === undefined ? '' : String(session.capacity),
    topicId: session?.topic?.id ?? '',
    visibility: session?.visibility ?? 'public',
    recordingPolicy: session?.recordingPolicy ?? 'on-request',
    requiresAccount: String(session?.requiresAccount ?? false),
  };
}

/** The form's strings read as the server's schema reads a session. */
export const sessionFormSchema = z.preprocess((fields) => {
  const form = fields as SessionFields;
  const capacity = form.capacity.trim();
  return {
    ...form,
    languages: form.languages.split(',').map((code) => code.trim()).filter(Boolean),
    capacity: capacity === '' ? null : Number(capacity),
    topicId: form.topicId === '' ? null : form.topicId,
    requiresAccount: form.requiresAccount === 'true',
  };
}, sessionInputSchema);

/** `/console/e/:eventId/s/new` and `/console/e/:eventId/s/:sessionId`: a session's details, publication and roles. */
export function SessionEditor({ event, topics }: { event: EventSummary; topics: TopicSummary[] }) {
  const { sessionId = 'new' } = useParams();
  const { t } = useTranslation();
  const isNew = sessionId === 'new';
  const { state, reload } = useLoaded(
    (signal) => (isNew ? Promise.resolve(null) : consoleApi.session(event.id, sessionId, signal)),
    `${event.id}:${sessionId}`,
  );
  if (state.status !== 'loaded') return <NotLoaded state={state} reload={reload} />;
  const session = state.value;
  return (
    <>
      <section className="panel" aria-labelledby="session-heading">
        <div className="console-heading">
          <h2 id="session-heading">{session ? t('console.session.editHeading') : t('console.session.newHeading')}</h2>
          {session && <StatusBadge event={session} />}
        </div>
        {session && <SessionActions event={event} session={session} onChanged={reload} />}
        <SessionForm key={session?.id ?? 'new'} event={event} topics={topics} session={session ?? undefined} onSaved={reload} />
      </section>
      {session && (
        <GrantsPanel
          heading={t('console.grants.sessionHeading')}
          roles={SESSION_ROLES}
          roleLabel={(role) => t(`console.sessionRole.${role}`)}
          loadKey={`session-${session.id}`}
          load={(signal) => consoleApi.sessionGrants(event.id, session.id, signal)}
          grant={(email, role) => consoleApi.grantSessionRole(event.id, session.id, email, role)}
          revoke={(email) => consoleApi.revokeSessionRole(event.id, session.id, email)}
        />
      )}
      {session?.roomId && <InvitationsPanel eventId={event.id} sessionId={session.id} />}
    </>
  );
}

function SessionForm({ event, topics, session, onSaved }: { event: EventSummary; topics: TopicSummary[]; session?: ConsoleSession | undefined; onSaved(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [people, setPeople] = useState<NamedPerson[]>(session?.people.map((person) => ({ person, role: person.role })) ?? []);
  const [partners, setPartners] = useState(session?.partners ?? []);
  const { form, set, errors, problem, state, onSubmit } = useConsoleForm(sessionFields(event, session), sessionFormSchema, async (fields: SessionInput) => {
    const input: SessionInput = {
      ...fields,
      people: people.map(({ person, role }) => ({ personId: person.id, role })),
      partnerIds: partners.map((partner) => partner.id),
    };
    if (!session) {
      const created = await consoleApi.createSession(event.id, input);
      void navigate(`/console/e/${event.id}/s/${created.id}`);
      return;
    }
    await consoleApi.updateSession(event.id, session.id, input);
    onSaved();
  });
  const options = <V extends string>(values: readonly V[], label: (value: V) => string) => values.map((value) => ({ value, label: label(value) }));
  return (
    <form className="console-form" onSubmit={onSubmit} noValidate>
      <Problem text={problem} />
      {state === 'done' && session && (
        <p role="status" className="notice">
          {t('console.saved')}
        </p>
      )}
      <SelectField id="session-kind" label={t('console.session.kind')} value={form.kind} onChange={set('kind')} error={errors.kind} options={options(SESSION_KINDS, (kind) => t(`kind.${kind}`))} />
      <FormField id="session-title" label={t('console.session.title')} autoComplete="off" value={form.title} onChange={set('title')} error={errors.title} />
      <TextAreaField id="session-description" label={t('console.session.description')} value={form.description} onChange={set('description')} error={errors.description} />
      <div className="console-form__pair">
        <FormField id="session-starts" type="datetime-local" label={t('console.session.startsAt')} hint={t('console.session.timesHint')} autoComplete="off" value={form.startsAt} onChange={set('startsAt')} error={errors.startsAt} />
        <FormField id="session-ends" type="datetime-local" label={t('console.session.endsAt')} autoComplete="off" value={form.endsAt} onChange={set('endsAt')} error={errors.endsAt} />
      </div>
      <SelectField id="session-zone" label={t('console.session.timeZone')} value={form.timeZone} onChange={set('timeZone')} error={errors.timeZone} options={timeZoneOptions(form.timeZone)} />
      <SelectField id="session-format" label={t('console.session.format')} value={form.format} onChange={set('format')} error={errors.format} options={options(SESSION_FORMATS, (format) => t(`format.${format}`))} />
      {form.format !== 'virtual' && (
        <FormField id="session-place" label={t('console.session.place')} hint={t('console.session.placeHint')} autoComplete="off" value={form.place} onChange={set('place')} error={errors.place} />
      )}
      <FormField id="session-languages" label={t('console.session.languages')} hint={t('console.session.languagesHint')} autoComplete="off" value={form.languages} onChange={set('languages')} error={errors.languages} />
      <FormField id="session-capacity" type="number" label={t('console.session.capacity')} hint={t('console.session.capacityHint')} autoComplete="off" value={form.capacity} onChange={set('capacity')} error={errors.capacity} />
      <SelectField
        id="session-topic"
        label={t('console.session.topic')}
        value={form.topicId}
        onChange={set('topicId')}
        error={errors.topicId}
        options={[{ value: '', label: t('console.session.noTopic') }, ...topics.map((topic) => ({ value: topic.id, label: topic.name }))]}
      />
      <SelectField
        id="session-visibility"
        label={t('console.session.visibility')}
        value={form.visibility}
        onChange={set('visibility')}
        options={[
          { value: 'public', label: t('console.session.visibilityPublic') },
          { value: 'unlisted', label: t('console.session.visibilityUnlisted') },
        ]}
      />
      <SelectField
        id="session-recording"
        label={t('console.session.recordingPolicy')}
        value={form.recordingPolicy}
        onChange={set('recordingPolicy')}
        options={options(RECORDING_POLICIES, (policy) =>
          t(policy === 'off' ? 'console.session.recordingOff' : policy === 'automatic' ? 'console.session.recordingAutomatic' : 'console.session.recordingOnRequest'),
        )}
      />
      <SessionPeoplePicker eventId={event.id} value={people} onChange={setPeople} />
      <SessionPartnersPicker eventId={event.id} value={partners} onChange={setPartners} />
      <CheckboxField id="session-account" label={t('console.session.requiresAccount')} hint={t('console.session.requiresAccountHint')} value={form.requiresAccount} onChange={set('requiresAccount')} />
      <button type="submit" className="button button--primary" disabled={state === 'sending'}>
        {state === 'sending' ? t('console.saving') : session ? t('console.save') : t('console.session.create')}
      </button>
    </form>
  );
}

/** Publish or unpublish (unpublishing confirms: the room then admits only organisers), open its room, delete it. */
function SessionActions({ event, session, onChanged }: { event: EventSummary; session: ConsoleSession; onChanged(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { ask, dialog } = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const run = (action: () => Promise<unknown>, then: () => void) => {
    setProblem(null);
    action().then(then, (error: unknown) => setProblem(consoleErrorText(error, t)));
  };
  const setStatus = (status: 'draft' | 'published') => run(() => consoleApi.setSessionStatus(event.id, session.id, status), onChanged);
  return (
    <div className="console-actions">
      <Problem text={problem} />
      <div className="actions">
        {session.status === 'draft' ? (
          <button type="button" className="button button--primary" onClick={() => setStatus('published')}>
            {t('console.publish')}
          </button>
        ) : (
          <button type="button" className="button button--secondary" onClick={() =>
              ask({ title: t('console.unpublish'), body: t('console.unpublishSessionConfirm'), confirmText: t('console.unpublish'), act: () => setStatus('draft') })
            }
          >
            {t('console.unpublish')}
          </button>
        )}
        {session.roomId && (
          <Link className="button button--secondary" to={`/r/${session.roomId}`}>
            {t('console.session.openRoom')}
          </Link>
        )}
        {session.status === 'published' && event.status === 'published' && (
          <Link className="button button--secondary" to={`/s/${session.id}`}>
            {t('console.sessions.publicPage')}
          </Link>
        )}
        <button type="button" className="button button--danger" onClick={() =>
            ask({
              title: t('console.session.delete'),
              body: t('console.session.deleteConfirm'),
              confirmText: t('console.session.delete'),
              act: () => run(() => consoleApi.deleteSession(event.id, session.id), () => void navigate(`/console/e/${event.id}`)),
            })
          }
        >
          {t('console.session.delete')}
        </button>
      </div>
      {dialog}
    </div>
  );
}
