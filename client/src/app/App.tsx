import { BrowserRouter, Route, Routes } from 'react-router';
import { LandingPage } from '../features/landing/LandingPage.js';
import { NotFoundPage } from '../features/landing/NotFoundPage.js';
import { RoomPage } from '../features/room/RoomPage.js';

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<LandingPage />} />
        <Route path="/r/:roomId" element={<RoomPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </BrowserRouter>
  );
}
