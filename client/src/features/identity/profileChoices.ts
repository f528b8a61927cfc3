import type { ProfileAttribute } from '../../../../shared/buzz.js';

/**
 * The answers offered for grouping people by language or region. Values are
 * codes (the same for everyone, whatever the page's language); labels are
 * what people read. The programme's registration will supply these later.
 */
export const PROFILE_CHOICES: Record<ProfileAttribute, { label: string; options: { value: string; label: string }[] }> = {
  language: {
    label: 'Language you would like to discuss in',
    options: [
      { value: 'en', label: 'English' },
      { value: 'es', label: 'Español' },
      { value: 'fr', label: 'Français' },
      { value: 'pt', label: 'Português' },
      { value: 'ar', label: 'العربية' },
      { value: 'ru', label: 'Русский' },
      { value: 'zh', label: '中文' },
      { value: 'sw', label: 'Kiswahili' },
      { value: 'hi', label: 'हिन्दी' },
      { value: 'id', label: 'Bahasa Indonesia' },
    ],
  },
  region: {
    label: 'Your region',
    options: [
      { value: 'africa', label: 'Africa' },
      { value: 'asia-pacific', label: 'Asia and the Pacific' },
      { value: 'europe', label: 'Europe' },
      { value: 'latin-america', label: 'Latin America and the Caribbean' },
      { value: 'mena', label: 'Middle East and North Africa' },
      { value: 'north-america', label: 'North America' },
    ],
  },
};
