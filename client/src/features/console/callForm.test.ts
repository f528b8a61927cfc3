import '../../zodConfig.js';
import { describe, expect, it } from 'vitest';
import type { ConsoleCall } from '../../../../shared/calls.js';
import { i18n } from '../../i18n/i18n.js';
import { fieldErrors } from '../shared/useSchemaForm.js';
import { addQuestion, callFields, callFormSchema, callInputOf, moveQuestion, questionDrafts } from './callForm.js';

const SESSION_ID = '6f1c1f55-3f4f-4a43-9d36-6a3f7f0b2a11';

const form = {
  ...callFields('Europe/Belgrade'),
  title: 'Ignite speakers',
  sessionId: SESSION_ID,
  closesAt: '2027-02-01T18:00',
};

const call: ConsoleCall = {
  id: 'call-1',
  eventId: 'event-1',
  eventSlug: 'icsw',
  eventName: 'ICSW',
  kind: 'buzz-moderator',
  title: 'Moderators',
  description: 'Lead a buzz group.',
  questions: ['Why you?'],
  closesAt: '2027-02-01T17:00:00.000Z',
  closesAtLocal: '2027-02-01T18:00',
  timeZone: 'Europe/Belgrade',
  status: 'open',
  isOpen: true,
  session: { id: SESSION_ID, title: 'Buzz groups' },
  applications: { submitted: 2, accepted: 0, declined: 0, withdrawn: 0 },
};

describe('the call form reads as the server reads a call', () => {
  it('starts a new call as a draft on the event’s clock, and an existing one as it stands', () => {
    expect(callFields('Europe/Belgrade')).toMatchObject({ kind: 'ignite-speaker', status: 'draft', timeZone: 'Europe/Belgrade', sessionId: '', closesAt: '' });
    expect(callFields('UTC', call)).toMatchObject({ kind: 'buzz-moderator', sessionId: SESSION_ID, closesAt: '2027-02-01T18:00', timeZone: 'Europe/Belgrade', status: 'open' });
  });

  it('keeps the questions in their order, leaving out those left empty', () => {
    const questions = questionDrafts(['  What would you say? ', '', 'Which language?', '   ']);
    expect(callFormSchema(questions).parse(form).questions).toEqual(['What would you say?', 'Which language?']);
  });

  it('reads no session as the event as a whole, and names none for a partner’s call', () => {
    expect(callFormSchema([]).parse({ ...form, sessionId: '' }).sessionId).toBeNull();
    expect(callFormSchema([]).parse(form).sessionId).toBe(SESSION_ID);
    expect(callFormSchema([]).parse({ ...form, kind: 'local-partner' }).sessionId).toBeNull();
  });

  it('says at each field what the server would refuse', () => {
    const t = i18n.t.bind(i18n);
    const parsed = callFormSchema(questionDrafts(['x'.repeat(501)])).safeParse({ ...form, title: ' ', closesAt: '', timeZone: 'Mars/Olympus' });
    expect(fieldErrors(parsed.error!.issues, t)).toEqual({
      title: 'Required.',
      closesAt: 'A date and time such as 2027-03-28 14:30.',
      timeZone: 'A time zone such as Europe/Belgrade.',
      questions: 'At most 500 characters.',
    });
  });

  it('closes a call from the list with everything else as it was', () => {
    expect(callInputOf(call, { status: 'closed' })).toEqual({
      kind: 'buzz-moderator',
      title: 'Moderators',
      description: 'Lead a buzz group.',
      sessionId: SESSION_ID,
      questions: ['Why you?'],
      closesAt: '2027-02-01T18:00',
      timeZone: 'Europe/Belgrade',
      status: 'closed',
    });
  });
});

describe('the list of questions', () => {
  it('adds an empty question under a key no other holds, up to ten', () => {
    let questions = questionDrafts(['a', 'b']);
    questions = addQuestion(moveQuestion(questions, 0, 1));
    expect(questions).toEqual([
      { key: 1, text: 'b' },
      { key: 0, text: 'a' },
      { key: 2, text: '' },
    ]);
    const full = questionDrafts(Array.from({ length: 10 }, (_, index) => `q${index}`));
    expect(addQuestion(full)).toHaveLength(10);
  });

  it('moves a question past its neighbour, and not past either end', () => {
    const questions = questionDrafts(['a', 'b', 'c']);
    expect(moveQuestion(questions, 2, -1).map((question) => question.text)).toEqual(['a', 'c', 'b']);
    expect(moveQuestion(questions, 0, -1)).toEqual(questions);
    expect(moveQuestion(questions, 2, 1)).toEqual(questions);
  });
});
