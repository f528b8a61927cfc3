import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n/i18n.js';
import { RequestError } from '../../realtime/requestError.js';
import { callErrorText, isConflict } from './callErrors.js';

const t = i18n.t.bind(i18n);
const refused = (code: RequestError['code']) => new RequestError(code, 'the server’s words, for developers');

describe('what a refused call request says', () => {
  it('reads a CONFLICT by what was being done: a call or application that changed, or a session published meanwhile', () => {
    expect(callErrorText(refused('CONFLICT'), t, 'apply')).toBe(t('calls.errors.changed'));
    expect(callErrorText(refused('CONFLICT'), t, 'withdraw')).toBe(t('calls.errors.changed'));
    expect(callErrorText(refused('CONFLICT'), t, 'session')).toBe(t('calls.errors.published'));
    expect(isConflict(refused('CONFLICT'))).toBe(true);
    expect(isConflict(refused('NOT_FOUND'))).toBe(false);
  });

  it('says a missing call and a missing session differently', () => {
    expect(callErrorText(refused('NOT_FOUND'), t, 'apply')).toBe(t('calls.errors.notFound'));
    expect(callErrorText(refused('NOT_FOUND'), t, 'session')).toBe(t('calls.errors.noSession'));
  });

  it('asks to sign in again when the sign-in ended, and never shows the server’s own words', () => {
    expect(callErrorText(refused('UNAUTHENTICATED'), t, 'apply')).toBe(t('calls.errors.signIn'));
    expect(callErrorText(refused('DISCONNECTED'), t, 'apply')).toBe(t('calls.errors.unreachable'));
    expect(callErrorText(new Error('boom'), t, 'apply')).toBe(t('calls.errors.other'));
  });
});
