import type { ApplicationState } from '../../shared/calls.js';

/** What can happen to an application, and who does it. */
export type ApplicationAction =
  /** The applicant changes it (while the call is open). */
  | 'edit'
  /** The applicant takes it back. */
  | 'withdraw'
  /** The organisers decide. */
  | 'accept'
  | 'decline';

/**
 * The moves an application makes: submitted → accepted, declined or
 * withdrawn, and nothing after. A decision is final (it was mailed, and
 * may have granted a role); the applicant edits only what is still
 * submitted, and only while the call is open. Null: not allowed now.
 */
export function nextState(state: ApplicationState, action: ApplicationAction, isCallOpen: boolean): ApplicationState | null {
  if (state !== 'submitted') return null;
  switch (action) {
    case 'edit':
      return isCallOpen ? 'submitted' : null;
    case 'withdraw':
      return 'withdrawn';
    case 'accept':
      return 'accepted';
    case 'decline':
      return 'declined';
  }
}

/** Whether someone may apply to a call now: it is open and its deadline has not passed. */
export function isCallOpen(call: { status: string; closesAt: Date }, now: Date): boolean {
  return call.status === 'open' && call.closesAt.getTime() > now.getTime();
}
