import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { registrationFields, registrationFormSchema } from './registrationForm.js';

const t = i18n.t.bind(i18n);
const blank = registrationFields(null, true);

describe('the registration form', () => {
  it('reads its strings as the server reads a registration, not saying country or region included', () => {
    expect(registrationFormSchema.parse({ ...blank, acceptsPrinciples: 'true' })).toEqual({
      country: '',
      region: null,
      languages: [],
      accessNeeds: '',
      acceptsPrinciples: true,
      consentsToRecording: false,
    });
    const filled = { ...blank, country: 'ke', region: 'africa', languages: 'sw\nen', accessNeeds: ' Captions ', acceptsPrinciples: 'true', consentsToRecording: 'true' };
    expect(registrationFormSchema.parse(filled)).toEqual({
      country: 'KE',
      region: 'africa',
      languages: ['sw', 'en'],
      accessNeeds: 'Captions',
      acceptsPrinciples: true,
      consentsToRecording: true,
    });
  });

  it('asks to accept the principles, and says each problem at its field', () => {
    const parsed = registrationFormSchema.safeParse({ ...blank, country: 'Kenya', languages: 'en\nfr\nes\npt\nar\nru', accessNeeds: 'x'.repeat(1001) });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({
      country: 'A two-letter country code such as KE, or nothing.',
      languages: 'At most 5.',
      accessNeeds: 'At most 1000 characters.',
      acceptsPrinciples: 'Accept this to register.',
    });
  });

  it('starts from one’s registration, principles accepted; an event without principles has none to tick', () => {
    const fields = registrationFields(
      { eventId: 'e', registeredAt: '2027-01-01T00:00:00Z', country: 'BR', region: null, languages: ['pt', 'es'], accessNeeds: '', consentsToRecording: true },
      true,
    );
    expect(fields).toMatchObject({ country: 'BR', region: '', languages: 'pt\nes', acceptsPrinciples: 'true', consentsToRecording: 'true' });
    expect(registrationFields(null, true).acceptsPrinciples).toBe('false');
    expect(registrationFields(null, false).acceptsPrinciples).toBe('true');
  });
});
