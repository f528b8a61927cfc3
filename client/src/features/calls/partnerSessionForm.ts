import { z } from 'zod';
import { joinTicked, tickedOf } from '../shared/tickedList.js';
import { partnerSessionInputSchema } from '../../../../shared/calls.js';
import type { ConsoleSession } from '../../../../shared/console.js';

/** The partner's session form as it holds it: strings, times on the wall clock of `timeZone`, languages ticked as a list (shared/tickedList.ts). */
export type PartnerSessionFields = Record<'title' | 'description' | 'startsAt' | 'endsAt' | 'timeZone' | 'format' | 'place' | 'languages', string>;

/** The form's fields from the draft session the organisers made (its wall-clock times, in its zone). */
export function partnerSessionFields(session: ConsoleSession): PartnerSessionFields {
  return {
    title: session.title,
    description: session.description,
    startsAt: session.startsAtLocal,
    endsAt: session.endsAtLocal,
    timeZone: session.timeZone,
    format: session.format,
    place: session.place,
    languages: joinTicked(session.languages),
  };
}

/**
 * The form's strings read as the server reads a partner's session. An
 * online session has no place: a place typed before choosing "online" is
 * hidden then, so it is not sent either.
 */
export const partnerSessionFormSchema = z.preprocess((fields) => {
  const form = fields as PartnerSessionFields;
  return { ...form, place: form.format === 'virtual' ? '' : form.place, languages: tickedOf(form.languages) };
}, partnerSessionInputSchema);
