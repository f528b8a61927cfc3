import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { defaultListLanguage, memberLinkOf, memberPagePath, preferenceFields, preferencesFormSchema, signUpFormSchema } from './mailingListForm.js';
import { toggleTicked } from '../shared/tickedList.js';

const t = i18n.t.bind(i18n);
const link = { m: '0b7c6a3e-4f1d-4c8e-9a51-2f3b7d9e1c42', t: 'A'.repeat(40) + '_-9' };

describe('the mailing-list forms', () => {
  it('start from no preferences in the page’s language, or from one’s saved ones', () => {
    expect(preferenceFields(null, 'fr')).toEqual({ topics: '', region: '', language: 'fr' });
    expect(preferenceFields({ topics: ['Civic space', 'Funding, and what follows'], region: 'africa', language: 'sw' }, 'en')).toEqual({
      topics: 'Civic space\nFunding, and what follows',
      region: 'africa',
      language: 'sw',
    });
  });

  it('offer the page’s language for messages when the list has it, else English', () => {
    expect(defaultListLanguage('pt-BR')).toBe('pt');
    expect(defaultListLanguage('de')).toBe('en');
  });

  it('tick topics whose names hold commas, keeping the order ticked', () => {
    const ticked = toggleTicked(toggleTicked('', 'Funding, and what follows', true), 'Civic space', true);
    expect(preferencesFormSchema.parse({ topics: ticked, region: '', language: 'en' })).toEqual({
      topics: ['Funding, and what follows', 'Civic space'],
      region: null,
      language: 'en',
    });
    expect(toggleTicked(ticked, 'Funding, and what follows', false)).toBe('Civic space');
  });

  it('read a sign-up as the server does, and say a wrong address at its field', () => {
    expect(signUpFormSchema.parse({ email: 'amina@example.org', topics: '', region: 'mena', language: 'ar' })).toEqual({
      email: 'amina@example.org',
      topics: [],
      region: 'mena',
      language: 'ar',
    });
    const parsed = signUpFormSchema.safeParse({ email: 'amina', topics: '', region: '', language: 'en' });
    expect(Object.keys(fieldErrors(parsed.error!.issues, t))).toEqual(['email']);
  });

  it('read a member’s link only when it is whole, and pass it on to their other page', () => {
    expect(memberLinkOf(new URLSearchParams(link))).toEqual(link);
    expect(memberLinkOf(new URLSearchParams({ m: link.m, t: link.t.slice(1) }))).toBeNull();
    expect(memberLinkOf(new URLSearchParams({ t: link.t }))).toBeNull();
    expect(memberPagePath('unsubscribe', link)).toBe(`/mailing-list/unsubscribe?m=${link.m}&t=${link.t}`);
  });
});
