import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LandingPage } from '../features/landing/LandingPage.js';
import { NotFoundPage } from '../features/landing/NotFoundPage.js';
import { SessionPage } from '../features/programme/SessionPage.js';
import { SpeakerPage } from '../features/programme/SpeakerPage.js';

/** Loaded when first visited: the landing page carries none of their code (many first visits are on weak connections). */
const AccountRoutes = lazy(() => import('../features/account/AccountRoutes.js'));
const RoomPage = lazy(() => import('../features/room/RoomPage.js').then((module) => ({ default: module.RoomPage })));
const LibraryPage = lazy(() => import('../features/library/LibraryPage.js').then((module) => ({ default: module.LibraryPage })));
const ReplayPage = lazy(() => import('../features/replay/ReplayPage.js').then((module) => ({ default: module.ReplayPage })));
const ConsoleRoutes = lazy(() => import('../features/console/ConsoleRoutes.js'));
const EventRegistrationPage = lazy(() => import('../features/registration/EventRegistrationPage.js'));
const AgendaPage = lazy(() => import('../features/agenda/AgendaPage.js'));
const CallPage = lazy(() => import('../features/calls/CallPage.js'));
const PartnerSessionPage = lazy(() => import('../features/calls/PartnerSessionPage.js'));
const MailingListRoutes = lazy(() => import('../features/mailingList/MailingListRoutes.js'));

/** While a page's code arrives. */
function Loading() {
  const { t } = useTranslation();
  return (
    <main className="landing">
      <p role="status" className="muted">
        {t('person.loading')}
      </p>
    </main>
  );
}

export function App() {
  return (
    <BrowserRouter>
      {/* Every page but the landing page, the programme's and the not-found one loads its code when first visited. */}
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<LandingPage />} />
          <Route path="/r/:roomId" element={<RoomPage />} />
          <Route path="/s/:sessionId" element={<SessionPage />} />
          <Route path="/p/:personId" element={<SpeakerPage />} />
          <Route path="/e/:slug/register" element={<EventRegistrationPage />} />
          <Route path="/agenda" element={<AgendaPage />} />
          <Route path="/calls/:callId" element={<CallPage />} />
          <Route path="/my-sessions/:sessionId" element={<PartnerSessionPage />} />
          <Route path="/mailing-list/*" element={<MailingListRoutes />} />
          <Route path="/account/*" element={<AccountRoutes />} />
          <Route path="/console/*" element={<ConsoleRoutes />} />
          <Route path="/recordings" element={<LibraryPage />} />
          <Route path="/recordings/:recordingId" element={<ReplayPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
