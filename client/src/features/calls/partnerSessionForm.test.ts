import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import type { ConsoleSession } from '../../../../shared/console.js';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { partnerSessionFields, partnerSessionFormSchema } from './partnerSessionForm.js';

const t = i18n.t.bind(i18n);

const draft = {
  title: 'Local event',
  description: '',
  startsAtLocal: '2027-03-27T14:00',
  endsAtLocal: '2027-03-27T15:30',
  timeZone: 'Europe/Belgrade',
  format: 'in-person',
  place: 'Belgrade, Dom omladine',
  languages: ['sr', 'en'],
} as ConsoleSession;

describe('the partner’s session form', () => {
  it('starts from the draft’s wall-clock times in its zone', () => {
    expect(partnerSessionFields(draft)).toEqual({
      title: 'Local event',
      description: '',
      startsAt: '2027-03-27T14:00',
      endsAt: '2027-03-27T15:30',
      timeZone: 'Europe/Belgrade',
      format: 'in-person',
      place: 'Belgrade, Dom omladine',
      languages: 'sr\nen',
    });
  });

  it('reads its strings as the server reads a partner’s session, and sends no hidden place for an online one', () => {
    const fields = partnerSessionFields(draft);
    expect(partnerSessionFormSchema.parse(fields)).toMatchObject({ place: 'Belgrade, Dom omladine', languages: ['sr', 'en'], format: 'in-person' });
    expect(partnerSessionFormSchema.parse({ ...fields, format: 'virtual' })).toMatchObject({ place: '', format: 'virtual' });
  });

  it('says each problem at its field: the end before the start, no place, no language', () => {
    const parsed = partnerSessionFormSchema.safeParse({ ...partnerSessionFields(draft), endsAt: '2027-03-27T13:00', place: ' ', languages: '' });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({ endsAt: 'After the start.', place: 'Say where it takes place.', languages: 'At least one.' });
  });

  it('refuses a time the clocks skip in the session’s zone', () => {
    // Belgrade's clocks go from 02:00 to 03:00 on 28 March 2027.
    const parsed = partnerSessionFormSchema.safeParse({ ...partnerSessionFields(draft), startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T04:00' });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({ startsAt: 'This time does not exist in that time zone: the clocks go forward then.' });
  });
});
