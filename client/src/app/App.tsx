import { BrowserRouter, Route, Routes } from 'react-router';
import { LandingPage } from '../features/landing/LandingPage.js';
import { NotFoundPage } from '../features/landing/NotFoundPage.js';
import { LibraryPage } from '../features/library/LibraryPage.js';
import { SessionPage } from '../features/programme/SessionPage.js';
import { SpeakerPage } from '../features/programme/SpeakerPage.js';
import { ReplayPage } from '../features/replay/ReplayPage.js';
import { RoomPage } from '../features/room/RoomPage.js';

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<LandingPage />} />
        <Route path="/r/:roomId" element={<RoomPage />} />
        <Route path="/s/:sessionId" element={<SessionPage />} />
        <Route path="/p/:personId" element={<SpeakerPage />} />
        <Route path="/recordings" element={<LibraryPage />} />
        <Route path="/recordings/:recordingId" element={<ReplayPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </BrowserRouter>
  );
}
