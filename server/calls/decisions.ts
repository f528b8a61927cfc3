import type { CallKind } from '../../shared/calls.js';
import { PARTNER_CALL_KINDS } from '../../shared/calls.js';
import { AppError } from '../../shared/errors.js';
import type { EventRole, SessionRole } from '../../shared/eventRoles.js';
import type { SessionKind } from '../../shared/programme.js';
import type { OrganiserRepository } from '../console/organiserRepository.js';
import type { Outbox } from '../mail/outbox.js';
import type { GrantRepository } from '../programme/grantRepository.js';
import { decisionLetter } from './callMail.js';
import type { CallRepository, Decided } from './callRepository.js';

/** The role an accepted speaker or moderator takes (partners get a session instead). */
const ROLE_OF: Partial<Record<CallKind, SessionRole>> = { 'ignite-speaker': 'speaker', 'buzz-moderator': 'moderator' };

/** What each partner call's draft session is, and where. */
const PARTNER_SESSION: Partial<Record<CallKind, { kind: SessionKind; format: 'virtual' | 'in-person' }>> = {
  'concurrent-partner': { kind: 'concurrent-event', format: 'virtual' },
  'local-partner': { kind: 'local-event', format: 'in-person' },
  'virtual-partner': { kind: 'webinar', format: 'virtual' },
  'pop-up-partner': { kind: 'pop-up-event', format: 'in-person' },
};

/** Higher first: accepting never lowers a role someone already holds. */
const RANK: Record<EventRole, number> = { organiser: 4, moderator: 3, speaker: 2, delegate: 1 };

export interface DecisionDeps {
  calls: Pick<CallRepository, 'undoDecision' | 'attachSession'>;
  grants: Pick<GrantRepository, 'eventGrants' | 'sessionGrants' | 'grantEventRole' | 'grantSessionRole'>;
  organiser: Pick<OrganiserRepository, 'event' | 'createSession' | 'deleteSession'>;
  outbox: Pick<Outbox, 'enqueue'>;
  rolesChanged(email: string, eventId: string, sessionId?: string): Promise<void>;
  linkBase(): string;
}

/**
 * Does what a decision means, once it is recorded: an accepted speaker or
 * moderator gets the role (in the call's session, else in the event), an
 * accepted partner a draft session they own and moderate; then the
 * applicant is mailed the decision with the organisers' message. If the
 * role or session cannot be made, the decision is put back to submitted
 * (nothing was mailed), to be made again.
 */
export async function carryOut(decided: Decided, deps: DecisionDeps): Promise<Decided['application']> {
  const { application } = decided;
  let result = application;
  if (application.state === 'accepted') {
    try {
      result = await grantWhatWasAccepted(decided, deps);
    } catch (error) {
      await deps.calls.undoDecision(application.id);
      throw error;
    }
  }
  await deps.outbox.enqueue(decisionLetter(result, decided.eventName, deps.linkBase()));
  return result;
}

async function grantWhatWasAccepted(decided: Decided, deps: DecisionDeps): Promise<Decided['application']> {
  const { application, eventId, callKind } = decided;
  const email = application.email;
  const role = ROLE_OF[callKind];
  // Its session was deleted: the role was for that session only, never for the whole event.
  if (role && decided.callWasForSession && !decided.callSessionId) {
    throw new AppError('CONFLICT', 'the session this call was for no longer exists: decline, or write the call again');
  }
  if (role && decided.callSessionId) {
    const held = (await deps.grants.sessionGrants(decided.callSessionId)).find((grant) => grant.email === email)?.role;
    if (held !== 'moderator') await deps.grants.grantSessionRole(decided.callSessionId, email, role);
    await deps.rolesChanged(email, eventId, decided.callSessionId);
    return application;
  }
  if (role) {
    const held = (await deps.grants.eventGrants(eventId)).find((grant) => grant.email === email)?.role as EventRole | undefined;
    if (!held || RANK[held] < RANK[role]) await deps.grants.grantEventRole(eventId, email, role);
    await deps.rolesChanged(email, eventId);
    return application;
  }
  const shape = PARTNER_SESSION[callKind];
  const event = await deps.organiser.event(eventId);
  if (!shape || !event || !PARTNER_CALL_KINDS.includes(callKind)) return application;
  // A placeholder on the event's first morning, for the partner to complete: a draft nobody else sees.
  const session = await deps.organiser.createSession(eventId, {
    kind: shape.kind,
    title: application.summary,
    description: '',
    startsAt: `${event.startsOn}T09:00`,
    endsAt: `${event.startsOn}T10:00`,
    timeZone: event.timeZone,
    format: shape.format,
    place: shape.format === 'virtual' ? '' : 'To be confirmed',
    languages: ['en'],
    capacity: null,
    topicId: null,
    visibility: 'public',
    recordingPolicy: 'on-request',
    requiresAccount: false,
  });
  try {
    await deps.calls.attachSession(application.id, session.id, decided.accountId);
    await deps.grants.grantSessionRole(session.id, email, 'moderator');
  } catch (error) {
    // The decision is put back (carryOut): the draft made for it goes too, so deciding again makes one session, not two.
    await deps.organiser.deleteSession({ id: session.id, eventId, roomId: session.roomId }).catch(() => undefined);
    throw error;
  }
  await deps.rolesChanged(email, eventId, session.id);
  return { ...application, sessionId: session.id };
}
