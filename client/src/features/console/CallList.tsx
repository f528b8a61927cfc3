import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallStatus, ConsoleCall } from '../../../../shared/calls.js';
import type { EventSummary } from '../../../../shared/programme.js';
import { RequestError } from '../../realtime/requestError.js';
import { consoleApi } from '../../api/consoleApi.js';
import { useConfirm } from '../shared/useConfirm.js';
import type { Loaded } from '../shared/useLoaded.js';
import { CallForm } from './CallForm.js';
import { callInputOf } from './callForm.js';
import { NotLoaded, Problem } from './ConsoleFrame.js';
import { consoleErrorText } from './consoleErrors.js';
import { instantText } from '../shared/instantText.js';

const STATUS_BADGES: Record<CallStatus, string> = { draft: 'badge--muted', open: 'badge--ok', closed: 'badge--warn' };

interface CallListProps {
  event: EventSummary;
  state: Loaded<ConsoleCall[]>;
  reload(): void;
  zone: string;
  onShowApplications(call: ConsoleCall): void;
}

/** A call that could not be deleted because people applied. */
interface Refused {
  call: ConsoleCall;
}

/**
 * The event's calls, each with its deadline on the organiser's clock and
 * its applications counted by state; a form for a new one or the one being
 * edited, above the list; deleting confirms first.
 */
export function CallList({ event, state, reload, zone, onShowApplications }: CallListProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<ConsoleCall | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [refused, setRefused] = useState<Refused | null>(null);
  const [done, setDone] = useState<{ callId: string; text: string } | null>(null);
  const { ask, dialog } = useConfirm();
  // Opening a form moves the keyboard (and, on a phone, the view) to it.
  const formHeading = useRef<HTMLHeadingElement>(null);
  const editingKey = editing === null ? null : editing === 'new' ? 'new' : editing.id;
  useEffect(() => {
    if (editingKey !== null) formHeading.current?.focus();
  }, [editingKey]);
  // "Close the call" goes once it is done: the keyboard goes to what it did.
  const doneNotice = useRef<HTMLParagraphElement>(null);
  const doneKey = done?.callId ?? null;
  useEffect(() => {
    if (doneKey !== null) doneNotice.current?.focus();
  }, [doneKey]);
  const say = (text: string | null, refusal: Refused | null = null) => {
    setProblem(text);
    setRefused(refusal);
    setDone(null);
  };
  const remove = (call: ConsoleCall) =>
    consoleApi.deleteCall(event.id, call.id).then(
      () => {
        say(null);
        reload();
      },
      (error: unknown) => {
        if (error instanceof RequestError && error.code === 'CONFLICT') say(null, { call });
        else say(consoleErrorText(error, t));
      },
    );
  const close = (call: ConsoleCall) =>
    consoleApi.updateCall(event.id, call.id, callInputOf(call, { status: 'closed' })).then(
      () => {
        say(null);
        setDone({ callId: call.id, text: t('console.calls.closedNow', { title: call.title }) });
        reload();
      },
      (error: unknown) => say(consoleErrorText(error, t)),
    );
  return (
    <section className="panel" aria-labelledby="calls-heading">
      <div className="console-heading">
        <h2 id="calls-heading">{t('console.calls.heading')}</h2>
        {editing === null && (
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('console.calls.add')}
          </button>
        )}
      </div>
      <p className="muted">{t('console.calls.explain')}</p>
      {editing !== null && (
        <div className="console-card">
          <h3 ref={formHeading} tabIndex={-1}>
            {editing === 'new' ? t('console.calls.newHeading') : t('console.calls.editing', { title: editing.title })}
          </h3>
          <CallForm
            key={editingKey}
            event={event}
            call={editing === 'new' ? undefined : editing}
            onSaved={() => {
              setEditing(null);
              reload();
            }}
            onCancel={() => setEditing(null)}
          />
        </div>
      )}
      <Problem text={problem} />
      {state.status !== 'loaded' ? (
        <NotLoaded state={state} reload={reload} />
      ) : state.value.length === 0 ? (
        <p className="muted">{t('console.calls.empty')}</p>
      ) : (
        <ul className="console-list">
          {state.value.map((call) => (
            <li key={call.id} className="console-list__item">
              <div className="call-entry">
                <strong>{call.title}</strong>
                <p className="muted">
                  {t(`calls.kinds.${call.kind}`)}
                  {call.session && ` · ${t('console.calls.forSession', { title: call.session.title })}`}
                </p>
                <p className="muted">{t('console.calls.closesAt', { at: instantText(call.closesAt, zone, i18n.language) })}</p>
                <p>{t('console.calls.counts', call.applications)}</p>
              </div>
              <span className="console-badges">
                <span className={`badge ${STATUS_BADGES[call.status]}`}>{t(`console.calls.status.${call.status}`)}</span>
                {call.status === 'open' && !call.isOpen && <span className="badge badge--warn">{t('console.calls.deadlinePassed')}</span>}
                <button type="button" className="button button--secondary button--small" onClick={() => onShowApplications(call)}>
                  {t('console.calls.showApplications')}
                  <span className="visually-hidden"> {call.title}</span>
                </button>
                <button type="button" className="button button--secondary button--small" onClick={() => setEditing(call)}>
                  {t('console.calls.edit')}
                  <span className="visually-hidden"> {call.title}</span>
                </button>
                <button
                  type="button"
                  className="button button--danger button--small"
                  onClick={() =>
                    ask({
                      title: t('console.calls.deleteTitle'),
                      body: t('console.calls.deleteConfirm', { title: call.title }),
                      confirmText: t('console.calls.deleteTitle'),
                      act: () => void remove(call),
                    })
                  }
                >
                  {t('console.calls.delete')}
                  <span className="visually-hidden"> {call.title}</span>
                </button>
              </span>
              {/* Beside the call it is about: on a phone, a notice above the list would be out of view. */}
              {refused?.call.id === call.id && <DeleteRefused call={refused.call} onClose={() => void close(refused.call)} />}
              {done?.callId === call.id && (
                <p ref={doneNotice} tabIndex={-1} className="notice call-entry__notice" role="status">
                  {done.text}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {dialog}
    </section>
  );
}

/** Why a call people applied to stays, with the way out while it is still open: closing it. */
function DeleteRefused({ call, onClose }: { call: ConsoleCall; onClose(): void }) {
  const { t } = useTranslation();
  const isClosed = call.status === 'closed';
  return (
    <div className="notice notice--error call-entry__notice" role="alert">
      <p>{isClosed ? t('console.calls.deleteConflictClosed', { title: call.title }) : t('console.calls.deleteConflict', { title: call.title })}</p>
      {!isClosed && (
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t('console.calls.closeInstead')}
        </button>
      )}
    </div>
  );
}
