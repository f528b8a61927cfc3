import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DisplayNameField } from '../identity/DisplayNameField.js';
import { ProgrammeSection } from '../programme/ProgrammeSection.js';
import { RoomList } from './RoomList.js';
import { useRooms } from './useRooms.js';

export function LandingPage() {
  const { t } = useTranslation();
  const { state, reload } = useRooms();
  useEffect(() => {
    document.title = 'Convene';
  }, []);
  return (
    <main className="landing">
      <header className="hero">
        <nav className="hero__nav" aria-label={t('account.navLabel')}>
          <Link to="/account">{t('account.navLink')}</Link>
          {/* Shown signed out too: the agenda page asks to sign in. */}
          <Link to="/agenda">{t('account.agendaLink')}</Link>
          <Link to="/console">{t('account.consoleLink')}</Link>
        </nav>
        <h1 className="hero__title">Convene</h1>
        <p className="hero__tagline">
          Live webinars and conversations for civil society: open to everyone, in any language, on any connection.
        </p>
      </header>
      <ProgrammeSection />
      <section className="panel" aria-labelledby="you-heading">
        <h2 id="you-heading">You</h2>
        <DisplayNameField id="landing-name" />
      </section>
      <section className="panel" aria-labelledby="rooms-heading">
        <h2 id="rooms-heading">Rooms</h2>
        <RoomList state={state} onRetry={reload} />
      </section>
      <section className="panel" aria-labelledby="recordings-heading">
        <h2 id="recordings-heading">Catch up</h2>
        <p className="muted">Missed a session? Watch the recordings, with their chat, questions and chapters, or download them.</p>
        <Link className="button button--secondary" to="/recordings">
          Browse recorded sessions
        </Link>
      </section>
    </main>
  );
}
