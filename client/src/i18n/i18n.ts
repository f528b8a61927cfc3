import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Messages } from './en.js';
import type { ConsoleMessages } from './en.console.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // The console's text arrives with its code (see ConsoleRoutes).
    resources: { translation: Messages & { console: ConsoleMessages } };
  }
}

/**
 * The internationalisation library (i18next with react-i18next): text by
 * key, in English for now; the languages issue adds translations and the
 * chooser. Bundled, so the first paint needs no extra request.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  initAsync: false,
});
