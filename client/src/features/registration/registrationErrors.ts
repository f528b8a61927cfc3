import type { TFunction } from 'i18next';
import { RequestError } from '../../realtime/requestError.js';

/** What was being done when a request was refused: a CONFLICT means something else for each. */
export type RegistrationAction = 'register' | 'take' | 'accept' | 'giveUp' | 'agenda';

/** What a refused registration or agenda request says to the person, by its code (the server's sentences are for developers). */
export function registrationErrorText(error: unknown, t: TFunction, during: RegistrationAction): string {
  if (!(error instanceof RequestError)) return t('registration.errors.other');
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return t('registration.errors.signIn');
    case 'CONFLICT':
      // Accepting: the offer lapsed and went to the next in line. Anything else: the places changed meanwhile (the caller reads them again).
      return during === 'accept' ? t('registration.errors.lapsed') : t('registration.errors.changed');
    case 'FORBIDDEN':
      return t('registration.errors.forbidden');
    case 'NOT_FOUND':
      return t('registration.errors.notFound');
    case 'INVALID_PAYLOAD':
      return t('registration.errors.invalid');
    case 'RATE_LIMITED':
      return t('registration.errors.tooMany');
    case 'STALE_PAGE':
      return t('registration.errors.outOfDate');
    case 'TIMEOUT':
    case 'DISCONNECTED':
    case 'UNAVAILABLE':
      return t('registration.errors.unreachable');
    default:
      return t('registration.errors.other');
  }
}
