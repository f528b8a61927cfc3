import type { TFunction } from 'i18next';
import { RequestError, type RequestErrorCode } from '../../realtime/requestError.js';

/**
 * What a refused mailing-list request says, by its code. A member's link or
 * a confirmation token the server does not take (spent, expired, altered,
 * or the address has left; whichever code says so) reads as one thing:
 * this link no longer works.
 */
export function mailingListErrorText(error: unknown, t: TFunction, during: 'signUp' | 'link' = 'link'): string {
  return mailingListCodeText(error instanceof RequestError ? error.code : null, t, during);
}

/** The same, from a code alone (a page's load keeps the code); null: not a request's refusal. */
export function mailingListCodeText(code: RequestErrorCode | null, t: TFunction, during: 'signUp' | 'link' = 'link'): string {
  switch (code) {
    case 'NOT_FOUND':
      // Signing up: the event is gone (or unpublished) since the page was read.
      return during === 'signUp' ? t('mailingList.errors.noEvent') : t('mailingList.errors.linkInvalid');
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'CONFLICT':
      return t('mailingList.errors.linkInvalid');
    case 'INVALID_PAYLOAD':
      // The form is checked before sending: what the server refuses of a link's request is the link (or token) itself.
      return during === 'signUp' ? t('mailingList.errors.invalid') : t('mailingList.errors.linkInvalid');
    case 'RATE_LIMITED':
      return t('mailingList.errors.tooMany');
    case 'STALE_PAGE':
      return t('mailingList.errors.outOfDate');
    case 'TIMEOUT':
    case 'DISCONNECTED':
    case 'UNAVAILABLE':
      return t('mailingList.errors.unreachable');
    default:
      return t('mailingList.errors.other');
  }
}
