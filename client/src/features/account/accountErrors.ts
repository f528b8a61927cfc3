import type { TFunction } from 'i18next';
import { RequestError } from '../../realtime/requestError.js';

/** What a failed account request says to the person, by its code (the server's sentences are not translated). */
export function accountErrorText(error: unknown, t: TFunction, during: 'sign-in' | 'verify' | 'password' | 'other'): string {
  if (!(error instanceof RequestError)) return t('account.errors.other');
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return during === 'password' ? t('account.errors.wrongPassword') : t('account.errors.wrongCredentials');
    case 'CONFLICT':
      return t('account.errors.emailTaken');
    case 'RATE_LIMITED':
      return t('account.errors.tooMany');
    case 'FORBIDDEN':
      return during === 'sign-in' ? t('account.errors.unverified') : t('account.errors.outOfDate');
    case 'NOT_FOUND':
      return during === 'verify' ? t('account.errors.linkInvalid') : t('account.errors.other');
    default:
      return t('account.errors.other');
  }
}
