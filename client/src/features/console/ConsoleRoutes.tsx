// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { Route, Routes } from 'react-router';
import { i18n } from '../../i18n/i18n.js';
import { consoleEn } from '../../i18n/en.console.js';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { ConsoleHome } from './ConsoleHome.js';
import { EventConsole } from './EventConsole.js';
import { FirstRunPage } from './FirstRunPage.js';
import { OutboxPage } from './OutboxPage.js';
import './console.css';

// The console's text comes with its code: the programme's first paint does without it.
i18n.addResourceBundle('en', 'translation', { console: consoleEn }, true, false);

/** The organiser console under `/console`, loaded only when visited. */
export default function ConsoleRoutes() {
  return (
    <Routes>
      <Route index element={<ConsoleHome />} />
      <Route path="setup" element={<FirstRunPage />} />
      <Route path="outbox" element={<OutboxPage />} />
      <Route path="e/:eventId/*" element={<EventConsole />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
