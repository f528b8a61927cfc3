import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LandingPage } from '../features/landing/LandingPage.js';
import { NotFoundPage } from '../features/landing/NotFoundPage.js';
import { LibraryPage } from '../features/library/LibraryPage.js';
import { SessionPage } from '../features/programme/SessionPage.js';
import { SpeakerPage } from '../features/programme/SpeakerPage.js';
import { ReplayPage } from '../features/replay/ReplayPage.js';
import { RoomPage } from '../features/room/RoomPage.js';

/** Loaded when first visited (see AccountRoutes). */
const AccountRoutes = lazy(() => import('../features/account/AccountRoutes.js'));
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
      <Routes>
        <Route path="/" element={<LandingPage />} />
        <Route path="/r/:roomId" element={<RoomPage />} />
        <Route path="/s/:sessionId" element={<SessionPage />} />
        <Route path="/p/:personId" element={<SpeakerPage />} />
        <Route
          path="/e/:slug/register"
          element={
            <Suspense fallback={<Loading />}>
              <EventRegistrationPage />
            </Suspense>
          }
        />
        <Route
          path="/agenda"
          element={
            <Suspense fallback={<Loading />}>
              <AgendaPage />
            </Suspense>
          }
        />
        <Route
          path="/calls/:callId"
          element={
            <Suspense fallback={<Loading />}>
              <CallPage />
            </Suspense>
          }
        />
        <Route
          path="/my-sessions/:sessionId"
          element={
            <Suspense fallback={<Loading />}>
              <PartnerSessionPage />
            </Suspense>
          }
        />
        <Route
          path="/mailing-list/*"
          element={
            <Suspense fallback={<Loading />}>
              <MailingListRoutes />
            </Suspense>
          }
        />
        <Route
          path="/account/*"
          element={
            <Suspense fallback={<Loading />}>
              <AccountRoutes />
            </Suspense>
          }
        />
        <Route
          path="/console/*"
          element={
            <Suspense fallback={<Loading />}>
              <ConsoleRoutes />
            </Suspense>
          }
        />
        <Route path="/recordings" element={<LibraryPage />} />
        <Route path="/recordings/:recordingId" element={<ReplayPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </BrowserRouter>
  );
}
