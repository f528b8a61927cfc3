import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { MAX_REGISTRATION_LANGUAGES, eventRegistrationInputSchema } from '../../../../shared/registration.js';
import { i18n } from '../../i18n/i18n.js';
import { LANGUAGE_CHOICES, profileChoices } from './profileChoices.js';

describe('profile choices', () => {
  it('names each region in the page’s language', () => {
    const t = i18n.t.bind(i18n);
    expect(profileChoices(t).region.options.map((option) => option.label)).toContain('Latin America and the Caribbean');
  });

  it('offers languages the registration takes', () => {
    const languages = LANGUAGE_CHOICES.slice(0, MAX_REGISTRATION_LANGUAGES).map((choice) => choice.value);
    expect(eventRegistrationInputSchema.safeParse({ languages, acceptsPrinciples: true, consentsToRecording: false }).success).toBe(true);
  });
});
