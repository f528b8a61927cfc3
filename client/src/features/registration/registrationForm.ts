import { z } from 'zod';
import { eventRegistrationInputSchema, type EventRegistrationView } from '../../../../shared/registration.js';
import { joinTicked, tickedOf } from '../shared/tickedList.js';

/** The registration form's fields as it holds them: strings, languages ticked as a list (shared/tickedList.ts), yes or no as 'true' or 'false'. */
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
    languages: joinTicked(registration?.languages ?? []),
    accessNeeds: registration?.accessNeeds ?? '',
    acceptsPrinciples: String(registration !== null || !hasPrinciples),
    consentsToRecording: String(registration?.consentsToRecording ?? false),
  };
}

/** The form's strings read as the server's schema reads a registration. */
export const registrationFormSchema = z.preprocess((fields) => {
  const form = fields as RegistrationFields;
  return {
    country: form.country,
    region: form.region === '' ? null : form.region,
    languages: tickedOf(form.languages),
    accessNeeds: form.accessNeeds,
    acceptsPrinciples: form.acceptsPrinciples === 'true',
    consentsToRecording: form.consentsToRecording === 'true',
  };
}, eventRegistrationInputSchema);
