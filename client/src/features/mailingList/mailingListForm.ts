import { z } from 'zod';
import { mailingListSignUpSchema, memberLinkSchema, preferencesInputSchema, type MemberPreferences } from '../../../../shared/mailingList.js';
import type { MemberLink } from '../../api/mailingListApi.js';
import { LANGUAGE_CHOICES } from '../identity/profileChoices.js';
import { joinTicked, tickedOf } from '../shared/tickedList.js';

/** A member's preferences as a form holds them: strings, the topics ticked as a list (shared/tickedList.ts). */
export type PreferenceFields = Record<'topics' | 'region' | 'language', string>;
export type SignUpFields = PreferenceFields & { email: string };

/**
 * The language list messages are offered in first: the page's own when the
 * list of choices has it (`pt-BR` reads as `pt`), else English.
 */
export function defaultListLanguage(pageLanguage: string): string {
  const base = pageLanguage.toLowerCase().split('-')[0] ?? '';
  return LANGUAGE_CHOICES.some((choice) => choice.value === base) ? base : 'en';
}

/** The form's fields: one's saved preferences, or (signing up) none yet, in the page's language. */
export function preferenceFields(preferences: Pick<MemberPreferences, 'topics' | 'region' | 'language'> | null, pageLanguage: string): PreferenceFields {
  return {
    topics: joinTicked(preferences?.topics ?? []),
    region: preferences?.region ?? '',
    language: preferences?.language ?? defaultListLanguage(pageLanguage),
  };
}

const readPreferences = (form: PreferenceFields) => ({
  topics: tickedOf(form.topics),
  region: form.region === '' ? null : form.region,
  language: form.language,
});

/** The preferences form read as the server reads it. */
export const preferencesFormSchema = z.preprocess((fields) => readPreferences(fields as PreferenceFields), preferencesInputSchema);

/** The sign-up form read as the server reads it: the address, then the preferences. */
export const signUpFormSchema = z.preprocess((fields) => {
  const form = fields as SignUpFields;
  return { email: form.email, ...readPreferences(form) };
}, mailingListSignUpSchema);

/** A member's link from a list message's address (`?m=&t=`); null when it is cut short or altered. */
export function memberLinkOf(search: URLSearchParams): MemberLink | null {
  const link = memberLinkSchema.safeParse({ m: search.get('m'), t: search.get('t') });
  return link.success ? link.data : null;
}

/** The page of a member's link (their preferences, leaving the list), with the same link. */
export const memberPagePath = (page: 'preferences' | 'unsubscribe', link: MemberLink): string =>
  `/mailing-list/${page}?${new URLSearchParams({ m: link.m, t: link.t }).toString()}`;
