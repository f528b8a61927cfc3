import { describe, expect, it } from 'vitest';
import { describeError, RequestError } from '../../realtime/requestError.js';
import { refusalOf } from './useInvitation.js';

describe('why an invitation link was refused, on the pre-join screen', () => {
  it('says a revoked or expired link exactly as the room does (one sentence per refusal)', () => {
    for (const code of ['INVITATION_REVOKED', 'INVITATION_EXPIRED'] as const) {
      const error = new RequestError(code, 'from the server');
      expect(refusalOf(error)).toBe(describeError(error));
    }
    expect(refusalOf(new RequestError('INVITATION_REVOKED', ''))).toMatch(/^A moderator revoked this invitation link\./);
  });

  it('says what is wrong with a broken link, a link to a room that is gone, and a link it could not check', () => {
    expect(refusalOf(new RequestError('UNAUTHENTICATED', ''))).toMatch(/not valid/);
    expect(refusalOf(new RequestError('NOT_FOUND', ''))).toMatch(/does not exist any more/);
    expect(refusalOf(new TypeError('Failed to fetch'))).toBe('We could not check your invitation link.');
  });
});
