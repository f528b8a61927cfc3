import { describe, expect, it } from 'vitest';
import type { ConsoleApplication } from '../../shared/calls.js';
import type { Decided } from './callRepository.js';
import { carryOut, type DecisionDeps } from './decisions.js';

const application: ConsoleApplication = {
  id: 'application-1',
  summary: 'Civic fair',
  answers: [],
  state: 'accepted',
  message: 'Welcome',
  submittedAt: '2027-01-01T00:00:00.000Z',
  decidedAt: '2027-01-02T00:00:00.000Z',
  sessionId: null,
  callId: 'call-1',
  callTitle: 'Partners',
  callKind: 'local-partner',
  questions: [],
  displayName: 'Ben',
  email: 'ben@example.org',
  comments: [],
};

const decided = (over: Partial<Decided> = {}): Decided => ({
  application,
  eventId: 'event-1',
  eventName: 'Civic week',
  callKind: 'local-partner',
  callSessionId: null,
  callWasForSession: false,
  accountId: 'account-1',
  ...over,
});

/** What each part of the platform was asked to do (the parts a decision drives, kept in memory). */
function recordingDeps(failAttach = false) {
  const done: string[] = [];
  const grants: { email: string; role: string; where: string }[] = [];
  const deps: DecisionDeps = {
    calls: {
      undoDecision: async (id) => void done.push(`undo ${id}`),
      attachSession: async (id, sessionId) => {
        if (failAttach) throw new Error('database went away');
        done.push(`attach ${sessionId} to ${id}`);
      },
    },
    grants: {
      eventGrants: async () => [{ email: 'ama@example.org', role: 'moderator', createdAt: new Date() }],
      sessionGrants: async () => [],
      grantEventRole: async (_eventId, email, role) => (grants.push({ email, role, where: 'event' }), null),
      grantSessionRole: async (sessionId, email, role) => (grants.push({ email, role, where: sessionId }), null),
    },
    organiser: {
      event: async () => ({ startsOn: '2027-05-01', timeZone: 'Africa/Lusaka' }) as never,
      createSession: async () => ({ id: 'session-9', roomId: null }) as never,
      deleteSession: async (session) => void done.push(`delete ${session.id}`),
    },
    outbox: { enqueue: async (message) => (done.push(`mail ${message.kind} to ${message.to}`), 'mail-1') },
    rolesChanged: async () => undefined,
    linkBase: () => 'https://convene.example',
  };
  return { deps, done, grants };
}

describe('carrying out a decision', () => {
  it('gives an accepted partner a draft session they moderate, then mails them its link', async () => {
    const { deps, done, grants } = recordingDeps();
    const result = await carryOut(decided(), deps);
    expect(result.sessionId).toBe('session-9');
    expect(grants).toEqual([{ email: 'ben@example.org', role: 'moderator', where: 'session-9' }]);
    expect(done).toEqual(['attach session-9 to application-1', 'mail application-accepted to ben@example.org']);
  });

  it('takes the draft back and puts the decision back when the session cannot be attached, mailing nothing', async () => {
    const { deps, done } = recordingDeps(true);
    await expect(carryOut(decided(), deps)).rejects.toThrow('database went away');
    expect(done).toEqual(['delete session-9', 'undo application-1']);
  });

  it('never lowers a role already held in the event', async () => {
    const { deps, grants } = recordingDeps();
    await carryOut(decided({ callKind: 'ignite-speaker', application: { ...application, email: 'ama@example.org', callKind: 'ignite-speaker' } }), deps);
    expect(grants).toEqual([]);
  });

  it('grants nothing for a call whose session is gone, and puts the decision back', async () => {
    const { deps, done, grants } = recordingDeps();
    await expect(carryOut(decided({ callKind: 'buzz-moderator', callWasForSession: true }), deps)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(grants).toEqual([]);
    expect(done).toEqual(['undo application-1']);
  });

  it('mails a declined applicant, changing nothing else', async () => {
    const { deps, done, grants } = recordingDeps();
    await carryOut(decided({ application: { ...application, state: 'declined' } }), deps);
    expect(grants).toEqual([]);
    expect(done).toEqual(['mail application-declined to ben@example.org']);
  });
});
