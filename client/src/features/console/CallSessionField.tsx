import { useTranslation } from 'react-i18next';
import { zonedTimes } from '../../../../shared/timeZones.js';
import { consoleApi } from '../../api/consoleApi.js';
import { SelectField } from '../shared/FormField.js';
import { useLoaded } from '../shared/useLoaded.js';

/** Pages of sessions offered (25 each): enough for an edition's programme, without reading a huge one whole. */
const SESSION_PAGES = 4;

interface SessionChoice {
  id: string;
  title: string;
}

/** The event's first sessions, each named with its day (titles repeat: "Buzz groups"), and whether more were left out. */
async function firstSessions(eventId: string, signal: AbortSignal): Promise<{ sessions: SessionChoice[]; isCut: boolean }> {
  const sessions: SessionChoice[] = [];
  let offset: number | null = 0;
  for (let page = 0; page < SESSION_PAGES && offset !== null; page += 1) {
    const result = await consoleApi.sessions(eventId, offset, signal);
    for (const session of result.items) {
      sessions.push({ id: session.id, title: `${session.title} · ${zonedTimes(session.startsAt, session.endsAt, session.timeZone).date}` });
    }
    offset = result.next;
  }
  return { sessions, isCut: offset !== null };
}

interface CallSessionFieldProps {
  id: string;
  eventId: string;
  /** The session the call names now: offered even when it is not among those listed. */
  current: SessionChoice | null;
  value: string;
  onChange(sessionId: string): void;
  error?: string | undefined;
}

/** The session a speaker's or moderator's call is for, or the event as a whole (''). */
export function CallSessionField({ id, eventId, current, value, onChange, error }: CallSessionFieldProps) {
  const { t } = useTranslation();
  const { state } = useLoaded((signal) => firstSessions(eventId, signal), eventId);
  const listed = state.status === 'loaded' ? state.value.sessions : [];
  const choices = current && !listed.some((session) => session.id === current.id) ? [current, ...listed] : listed;
  const hint =
    state.status === 'loading'
      ? t('console.loading')
      : state.status === 'loaded' && state.value.isCut
        ? `${t('console.calls.form.sessionHint')} ${t('console.calls.form.sessionsCut', { count: listed.length })}`
        : t('console.calls.form.sessionHint');
  return (
    <SelectField
      id={id}
      label={t('console.calls.form.session')}
      hint={hint}
      value={value}
      onChange={onChange}
      error={error}
      options={[{ value: '', label: t('console.calls.form.wholeEvent') }, ...choices.map((session) => ({ value: session.id, label: session.title }))]}
    />
  );
}
