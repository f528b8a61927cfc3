// Types only: shared/mailingList.ts builds zod schemas, which the programme's landing page (a caller) does without.
import type { MailingListSignUp, ConfirmedMember, MemberPreferences, PreferencesInput } from '../../../shared/mailingList.js';
import { callJson, withCsrf } from './httpApi.js';

/** A member's link from a list message: their id and the token signed for it. */
export interface MemberLink {
  m: string;
  t: string;
}

/**
 * An event's mailing list (`shared/mailingList.ts`): signing up needs no
 * account, only an address, confirmed by a mailed link; each member's own
 * link (`?m=&t=`) opens their preferences and unsubscribes. Every change
 * carries the CSRF token, which the server accepts without a session.
 */
const memberUrl = (action: 'preferences' | 'unsubscribe', link: MemberLink) =>
  `/api/mailing-list/${action}?${new URLSearchParams({ m: link.m, t: link.t }).toString()}`;
const post = async <T>(url: string, body: unknown = {}) => (await withCsrf(url, body)) as T;

export const mailingListApi = {
  /** Answers the same whether or not the address was on the list already (nobody learns who is on it). */
  signUp: (slug: string, input: MailingListSignUp) => post<{ ok: boolean }>(`/api/events/${encodeURIComponent(slug)}/mailing-list`, input),
  /** The mailed link's token: the address joins the list. */
  confirm: (token: string) => post<ConfirmedMember>('/api/mailing-list/confirm', { token }),
  preferences: (link: MemberLink, signal?: AbortSignal) => callJson<MemberPreferences>(memberUrl('preferences', link), { method: 'GET', signal }),
  savePreferences: (link: MemberLink, input: PreferencesInput) => post<MemberPreferences>(memberUrl('preferences', link), input),
  /** The address leaves the list, and nothing of it is kept. */
  unsubscribe: (link: MemberLink) => post<{ ok: boolean }>(memberUrl('unsubscribe', link)),
};
