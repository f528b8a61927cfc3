import type { TFunction } from 'i18next';
import type { ProfileAttribute } from '../../../../shared/buzz.js';
// shared/regions.ts, free of zod: the room's bundle (the pre-join screen) does without it.
import { REGIONS } from '../../../../shared/regions.js';

/**
 * Languages offered for buzz groups and registration: codes, each named in
 * itself, so a person finds their own whatever the page's language.
 */
export const LANGUAGE_CHOICES: readonly { value: string; label: string }[] = [
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
];


/**
 * The answers offered for grouping people by language or region. Values are
 * codes (the same for everyone, whatever the page's language); labels are
 * what people read, from the text library (`registration.profile.*`,
 * `registration.regions.*`); languages are named in themselves.
 */
export function profileChoices(t: TFunction): Record<ProfileAttribute, { label: string; options: readonly { value: string; label: string }[] }> {
  return {
    language: { label: t('registration.profile.language'), options: LANGUAGE_CHOICES },
    region: { label: t('registration.profile.region'), options: REGIONS.map((code) => ({ value: code, label: t(`registration.regions.${code}`) })) },
  };
}
