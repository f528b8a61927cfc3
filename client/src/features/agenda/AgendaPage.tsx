import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AgendaView } from '../../../../shared/registration.js';
import { registrationApi } from '../../api/registrationApi.js';
import { RequestError } from '../../realtime/requestError.js';
import { MyApplications } from '../calls/MyApplications.js';
import { PublicPage } from '../programme/PublicPage.js';
import { useLoaded } from '../shared/useLoaded.js';
import { AgendaSessions } from './AgendaSessions.js';
import { CalendarFeed } from './CalendarFeed.js';
import { RegisteredEvents } from './RegisteredEvents.js';
import { RemindersSetting } from './RemindersSetting.js';
import './agenda.css';

/** One's agenda; null: signed out. */
async function loadAgenda(signal: AbortSignal): Promise<AgendaView | null> {
  try {
    return await registrationApi.agenda(signal);
  } catch (error) {
    if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return null;
    throw error;
  }
}

/** `/agenda`: one's sessions and offers by day, one's registrations and applications, the calendar feed and reminders. Loaded when first visited. */
export default function AgendaPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoaded(loadAgenda, 'agenda');
  useEffect(() => {
    document.title = `${t('agenda.heading')} · Convene`;
  }, [t]);
  return (
    <PublicPage state={state} reload={reload} loading={t('agenda.loading')} missing={t('registration.errors.notFound')}>
      {(view) => (view ? <Agenda initial={view} /> : <SignInForAgenda />)}
    </PublicPage>
  );
}

function SignInForAgenda() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="agenda-heading">
      <h1 id="agenda-heading">{t('agenda.heading')}</h1>
      <p>
        {t('agenda.signIn')} <Link to="/account/sign-in?next=%2Fagenda">{t('agenda.signInLink')}</Link>
      </p>
    </section>
  );
}

/** The agenda as the server last answered: each change answers with the whole of it. */
function Agenda({ initial }: { initial: AgendaView }) {
  const { t } = useTranslation();
  const [view, setView] = useState(initial);
  return (
    <>
      <section className="panel agenda" aria-labelledby="agenda-heading">
        <h1 id="agenda-heading">{t('agenda.heading')}</h1>
        <AgendaSessions items={view.items} onChanged={setView} />
      </section>
      {view.events.length > 0 && <RegisteredEvents events={view.events} />}
      <MyApplications />
      <CalendarFeed feedUrl={view.feedUrl} onChanged={setView} />
      <RemindersSetting reminders={view.reminders} onChanged={setView} />
    </>
  );
}
