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

/** A form's field problems from a shared schema's issues, by field name (the first problem of each). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return errors;
}
