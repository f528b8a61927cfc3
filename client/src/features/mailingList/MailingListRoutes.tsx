// First: before any shared schema is built (see zodConfig.ts).
import '../../zodConfig.js';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../landing/NotFoundPage.js';
import { ConfirmSubscriptionPage } from './ConfirmSubscriptionPage.js';
import { PreferencesPage } from './PreferencesPage.js';
import { UnsubscribePage } from './UnsubscribePage.js';
import '../shared/forms.css';
import './mailingList.css';

/**
 * The pages a list's messages link to, under `/mailing-list`: confirming an
 * address, one's preferences, leaving. Loaded only when visited (they bring
 * the shared schemas, zod).
 */
export default function MailingListRoutes() {
  return (
    <Routes>
      <Route path="confirm" element={<ConfirmSubscriptionPage />} />
      <Route path="preferences" element={<PreferencesPage />} />
      <Route path="unsubscribe" element={<UnsubscribePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
