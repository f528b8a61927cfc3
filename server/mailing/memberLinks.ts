import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in a mailing-list member's links (preferences, one-click
 * unsubscribe): an HMAC of their id under the server's secret, so nothing
 * is stored and a guessed id alone does nothing. A member who left has no
 * row: their old links then find nobody.
 */
export interface MemberLinks {
  token(memberId: string): string;
  isValid(memberId: string, token: string): boolean;
  /** The query string of a member's links: `m=<id>&t=<token>`. */
  query(memberId: string): string;
}

export function createMemberLinks(secret: string): MemberLinks {
  const token = (memberId: string) => createHmac('sha256', secret).update(`mailing-list member ${memberId}`).digest('base64url');
  return {
    token,
    isValid(memberId, candidate) {
      const expected = Buffer.from(token(memberId));
      const given = Buffer.from(candidate);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
    query: (memberId) => `m=${encodeURIComponent(memberId)}&t=${token(memberId)}`,
  };
}
