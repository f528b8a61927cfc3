import { z } from 'zod';
import { eventRegistrationInputSchema, type EventRegistrationView } from '../../../../shared/registration.js';

/** The registration form's fields as it holds them: strings, languages as codes joined by commas, yes or no as 'true' or 'false'. */
export type RegistrationFields = Record<'country' | 'region' | 'languages' | 'accessNeeds' | 'acceptsPrinciples' | 'consentsToRecording', string>;

/**
 * The form's fields, from one's registration when there is one. Principles
 * already accepted stay ticked; an event without principles has nothing to
 * accept, and the server still asks for the answer, so it is given.
 */
export function registrationFields(registration: EventRegistrationView | null, hasPrinciples: boolean): RegistrationFields {
  return {
    country: registration?.country ?? '',
    region: registration?.region ?? '',
    languages: registration?.languages.join(',') ?? '',
    accessNeeds: registration?.accessNeeds ?? '',
    acceptsPrinciples: String(registration !== null || !hasPrinciples),
    consentsToRecording: String(registration?.consentsToRecording ?? false),
  };
}

/** The languages ticked, in the order they were ticked (the first is the preferred one). */
export const languagesOf = (fields: Pick<RegistrationFields, 'languages'>): string[] => (fields.languages ? fields.languages.split(',') : []);

/** Ticks or unticks a language: a new one goes last, so the first ticked stays the preferred one. */
export function toggleLanguage(languages: string, code: string, isTicked: boolean): string {
  const codes = languagesOf({ languages }).filter((each) => each !== code);
  return (isTicked ? [...codes, code] : codes).join(',');
}

/** The form's strings read as the server's schema reads a registration. */
export const registrationFormSchema = z.preprocess((fields) => {
  const form = fields as RegistrationFields;
  return {
    country: form.country,
    region: form.region === '' ? null : form.region,
    languages: languagesOf(form),
    accessNeeds: form.accessNeeds,
    acceptsPrinciples: form.acceptsPrinciples === 'true',
    consentsToRecording: form.consentsToRecording === 'true',
  };
}, eventRegistrationInputSchema);
