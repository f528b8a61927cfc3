import type { CallSummary, MyApplication } from '../../../../shared/calls.js';

/**
 * Where a person stands with a call, and so what its page offers them:
 * - `signIn`: signed out, the call open;
 * - `closed`: nothing sent, and the call takes no more (signed out too);
 * - `confirmEmail`: signed in with an address not confirmed yet (the decision is mailed there);
 * - `apply`: the form, empty;
 * - `edit`: sent, and changeable until the deadline;
 * - `waiting`: sent, the call closed, the decision to come;
 * - `decided`: accepted, declined or withdrawn: nothing more to do here.
 */
export type ApplicationStep = 'signIn' | 'closed' | 'confirmEmail' | 'apply' | 'edit' | 'waiting' | 'decided';

export function applicationStep(
  call: Pick<CallSummary, 'isOpen'>,
  account: { emailVerified: boolean } | null,
  application: Pick<MyApplication, 'state'> | null,
): ApplicationStep {
  if (application) {
    if (application.state !== 'submitted') return 'decided';
    return call.isOpen ? 'edit' : 'waiting';
  }
  if (!call.isOpen) return 'closed';
  if (!account) return 'signIn';
  return account.emailVerified ? 'apply' : 'confirmEmail';
}

/** Steps where the call's questions are read as a list (elsewhere the form, or one's answers, say them). */
export const listsQuestions = (step: ApplicationStep): boolean => step === 'signIn' || step === 'closed' || step === 'confirmEmail';
