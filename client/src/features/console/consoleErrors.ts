import type { TFunction } from 'i18next';
import { RequestError } from '../../realtime/requestError.js';

/** What a refused console request says to the organiser, by its code (the server's sentences are for developers). */
export function consoleErrorText(error: unknown, t: TFunction, conflict?: string): string {
  if (!(error instanceof RequestError)) return t('console.errors.other');
  switch (error.code) {
    case 'FORBIDDEN':
      return t('console.errors.forbidden');
    case 'NOT_FOUND':
      return t('console.errors.notFound');
    case 'CONFLICT':
      return conflict ?? t('console.errors.other');
    case 'INVALID_PAYLOAD':
      // The forms check with the server's own schemas first: this is rare, and the server's words are for developers.
      return t('console.errors.invalid');
    case 'STALE_PAGE':
      return t('console.errors.outOfDate');
    case 'TOO_LARGE':
      return t('console.errors.tooLarge');
    case 'UNAUTHENTICATED':
      return t('console.errors.signIn');
    default:
      return t('console.errors.other');
  }
}
