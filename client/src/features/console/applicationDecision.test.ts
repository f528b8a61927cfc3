import { describe, expect, it } from 'vitest';
import { CALL_KINDS, PARTNER_CALL_KINDS } from '../../../../shared/calls.js';
import { i18n } from '../../i18n/i18n.js';
import { consoleEn } from '../../i18n/en.console.js';
import { acceptanceKey } from './applicationDecision.js';

describe('acceptanceKey', () => {
  it('says a speaker’s or moderator’s role, in the call’s session or in the event', () => {
    expect(acceptanceKey('ignite-speaker', true)).toBe('acceptSpeakerInSession');
    expect(acceptanceKey('ignite-speaker', false)).toBe('acceptSpeakerInEvent');
    expect(acceptanceKey('buzz-moderator', true)).toBe('acceptModeratorInSession');
    expect(acceptanceKey('buzz-moderator', false)).toBe('acceptModeratorInEvent');
  });

  it('says no place when the call is not known here, rather than a wrong one', () => {
    expect(acceptanceKey('ignite-speaker', null)).toBe('acceptRole');
    expect(acceptanceKey('buzz-moderator', null)).toBe('acceptRole');
  });

  it('says a draft session for every partner’s call, whatever session it names', () => {
    for (const kind of PARTNER_CALL_KINDS) {
      expect(acceptanceKey(kind, true)).toBe('acceptPartner');
      expect(acceptanceKey(kind, null)).toBe('acceptPartner');
    }
  });

  it('has a text for every kind, saying the decision is final', () => {
    i18n.addResourceBundle('en', 'translation', { console: consoleEn }, true, false);
    for (const kind of CALL_KINDS) {
      for (const isForSession of [true, false, null]) {
        const text = i18n.t(`console.applications.decision.${acceptanceKey(kind, isForSession)}`, { name: 'Ana', session: 'Buzz groups' });
        expect(text).toContain('Ana');
        expect(text).toContain('cannot be undone');
      }
    }
  });
});
