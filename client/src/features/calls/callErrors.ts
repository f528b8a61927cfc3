import type { TFunction } from 'i18next';
import { RequestError } from '../../realtime/requestError.js';

/** What was being done when a request was refused: a CONFLICT means something else for each. */
export type CallAction = 'apply' | 'withdraw' | 'session';

/**
 * What a refused call, application or partner-session request says to the
 * person, by its code (the server's sentences are for developers).
 */
export function callErrorText(error: unknown, t: TFunction, during: CallAction): string {
  if (!(error instanceof RequestError)) return t('calls.errors.other');
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return t('calls.errors.signIn');
    case 'CONFLICT':
      // Applying: the call closed or the application was decided meanwhile (an unconfirmed address is said before the form).
      // The session: the organisers published it meanwhile. The caller reads the page again.
      return during === 'session' ? t('calls.errors.published') : t('calls.errors.changed');
    case 'NOT_FOUND':
      return during === 'session' ? t('calls.errors.noSession') : t('calls.errors.notFound');
    case 'FORBIDDEN':
      return t('calls.errors.forbidden');
    case 'INVALID_PAYLOAD':
      return t('calls.errors.invalid');
    case 'RATE_LIMITED':
      return t('calls.errors.tooMany');
    case 'STALE_PAGE':
      return t('calls.errors.outOfDate');
    case 'TIMEOUT':
    case 'DISCONNECTED':
    case 'UNAVAILABLE':
      return t('calls.errors.unreachable');
    default:
      return t('calls.errors.other');
  }
}

/** A CONFLICT: what the page shows is out of date, and is read again. */
export const isConflict = (error: unknown): boolean => error instanceof RequestError && error.code === 'CONFLICT';
