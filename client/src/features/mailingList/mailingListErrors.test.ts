import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.js';
import { RequestError } from '../../realtime/requestError.js';
import { mailingListErrorText } from './mailingListErrors.js';

const t = i18n.t.bind(i18n);
const refused = (code: RequestError['code']) => new RequestError(code, 'the server’s words, for developers');

describe('what a refused mailing-list request says', () => {
  it('says a link or token the server does not take no longer works, whichever code it refuses with', () => {
    const texts = (['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT', 'INVALID_PAYLOAD'] as const).map((code) => mailingListErrorText(refused(code), t));
    expect(new Set(texts)).toEqual(new Set([t('mailingList.errors.linkInvalid')]));
  });

  it('says, signing up, that the list is closed rather than that a link is wrong', () => {
    expect(mailingListErrorText(refused('NOT_FOUND'), t, 'signUp')).toBe(t('mailingList.errors.noEvent'));
    expect(mailingListErrorText(refused('INVALID_PAYLOAD'), t, 'signUp')).toBe(t('mailingList.errors.invalid'));
  });

  it('tells a connection problem and a limit apart from a bad link, and never shows the server’s own words', () => {
    expect(mailingListErrorText(refused('TIMEOUT'), t)).toBe(t('mailingList.errors.unreachable'));
    expect(mailingListErrorText(refused('RATE_LIMITED'), t)).toBe(t('mailingList.errors.tooMany'));
    expect(mailingListErrorText(new Error('boom'), t)).toBe(t('mailingList.errors.other'));
  });
});
