import type { CallKind } from '../../../../shared/calls.js';

/** The text (`console.applications.decision.*`) that says what accepting does, before it is done. */
export type AcceptanceKey =
  | 'acceptSpeakerInSession'
  | 'acceptSpeakerInEvent'
  | 'acceptModeratorInSession'
  | 'acceptModeratorInEvent'
  | 'acceptRole'
  | 'acceptPartner';

/**
 * What accepting an application of this kind of call does, as
 * server/calls/decisions.ts does it: a speaker's or moderator's role in the
 * call's session (else in the event); for a partner, a draft session.
 * `isForSession` is null when the call is not known here (its list did not
 * load): then the role is said without saying where, rather than wrongly.
 */
export function acceptanceKey(kind: CallKind, isForSession: boolean | null): AcceptanceKey {
  switch (kind) {
    case 'ignite-speaker':
      return isForSession === null ? 'acceptRole' : isForSession ? 'acceptSpeakerInSession' : 'acceptSpeakerInEvent';
    case 'buzz-moderator':
      return isForSession === null ? 'acceptRole' : isForSession ? 'acceptModeratorInSession' : 'acceptModeratorInEvent';
    case 'concurrent-partner':
    case 'local-partner':
    case 'virtual-partner':
    case 'pop-up-partner':
      return 'acceptPartner';
  }
}
