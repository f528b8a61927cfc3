import { z } from 'zod';
import { partnerSessionInputSchema, type PartnerSessionInput } from '../../../../shared/calls.js';
import type { ConsoleSession } from '../../../../shared/console.js';
import { instantOfWallTime, isTimeZone } from '../../../../shared/timeZones.js';

/** The partner's session form as it holds it: strings, times on the wall clock of `timeZone`, languages as codes joined by commas. */
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
    languages: session.languages.join(','),
  };
}

/** A wall-clock time that names no instant in the zone (the clocks skip it), said at its field. */
const skippedTime = (field: 'startsAt' | 'endsAt') => (session: PartnerSessionInput, context: z.RefinementCtx) => {
  if (isTimeZone(session.timeZone) && instantOfWallTime(session[field], session.timeZone) === null) {
    context.addIssue({ code: 'custom', path: [field], message: 'invalid.skippedTime' });
  }
};

/**
 * The form's strings read as the server reads a partner's session. An
 * online session has no place: a place typed before choosing "online" is
 * hidden then, so it is not sent either.
 */
export const partnerSessionFormSchema = z
  .preprocess((fields) => {
    const form = fields as PartnerSessionFields;
    return {
      ...form,
      place: form.format === 'virtual' ? '' : form.place,
      languages: form.languages.split(',').filter(Boolean),
    };
  }, partnerSessionInputSchema)
  .superRefine(skippedTime('startsAt'))
  .superRefine(skippedTime('endsAt'));
