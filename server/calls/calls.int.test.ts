import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSummary, ConsoleApplication, ConsoleCall, MyApplication } from '../../shared/calls.js';
import type { ConsolePage, ConsoleSession } from '../../shared/console.js';
import type { RoomJoined } from '../../shared/events.js';
import { asRoomId } from '../../shared/ids.js';
import type { EventAuditView } from '../../shared/registration.js';
import { accountToken, errorCode, HttpBrowser, signedInBrowsers } from '../test/httpBrowser.js';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtpCatcher.js';
import { connectClient, expectOk, request } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

const HOUR = 3_600_000;

/**
 * Calls for participation over HTTP on the real server, PostgreSQL and a
 * real SMTP server on loopback: applying, the organisers' review and
 * decision (mailed), an accepted ignite speaker on stage in their session,
 * an accepted partner's draft session they complete, and other events' and
 * other people's ids refused.
 */
describe('calls for participation (real server, database, SMTP)', () => {
  let platform: TestPlatform;
  let smtp: SmtpCatcher;
  let olga: HttpBrowser;
  let ama: HttpBrowser;
  let ben: HttpBrowser;
  let outsider: HttpBrowser;
  const ids = { event: '', other: '', ignite: '', igniteRoom: 'ignite-room', speakerCall: '', partnerCall: '', otherCall: '' };
  const consoleBase = () => `/api/console/events/${ids.event}`;

  const localIn = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString().slice(0, 16);

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    platform = await startTestPlatform({ SMTP_URL: smtp.url });
    const prisma = platform.db.prisma;
    const event = (slug: string) =>
      prisma.event.create({
        data: { slug, name: `Event ${slug}`, timeZone: 'UTC', startsOn: '2027-05-01', endsOn: '2027-05-03', status: 'published' },
        select: { id: true },
      });
    ids.event = (await event('civic-week')).id;
    ids.other = (await event('other-week')).id;
    await prisma.room.create({ data: { id: ids.igniteRoom, title: 'Ignite talks' } });
    ids.ignite = (
      await prisma.session.create({
        data: {
          eventId: ids.event,
          kind: 'ignite-talks',
          title: 'Ignite talks',
          startsAt: new Date(Date.now() - HOUR),
          endsAt: new Date(Date.now() + HOUR),
          timeZone: 'UTC',
          format: 'virtual',
          status: 'published',
          roomId: ids.igniteRoom,
        },
      })
    ).id;
    [olga, ama, ben, outsider] = (await signedInBrowsers(platform, [
      { email: 'olga@example.org', displayName: 'Olga' },
      { email: 'ama@example.org', displayName: 'Ama' },
      { email: 'ben@example.org', displayName: 'Ben' },
      { email: 'oscar@example.org', displayName: 'Oscar' },
    ])) as [HttpBrowser, HttpBrowser, HttpBrowser, HttpBrowser];
    await prisma.eventGrant.createMany({
      data: [
        { eventId: ids.event, email: 'olga@example.org', role: 'organiser' },
        { eventId: ids.other, email: 'oscar@example.org', role: 'organiser' },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await platform?.dispose();
    await smtp?.close();
  });

  it('lets organisers open calls, each for their own event, and keeps drafts unseen', async () => {
    const speaker = await olga.call('POST', `${consoleBase()}/calls`, {
      kind: 'ignite-speaker',
      title: 'Ignite speakers: five minutes that change minds',
      description: 'Tell us your idea.',
      sessionId: ids.ignite,
      questions: ['What is your idea?', 'Where are you based?'],
      closesAt: localIn(48),
      timeZone: 'UTC',
      status: 'open',
    });
    expect(speaker.status).toBe(201);
    ids.speakerCall = (speaker.body as unknown as ConsoleCall).id;
    const partner = await olga.call('POST', `${consoleBase()}/calls`, {
      kind: 'local-partner',
      title: 'Local partners',
      questions: ['Where would you host it?'],
      closesAt: localIn(48),
      timeZone: 'UTC',
    });
    ids.partnerCall = (partner.body as unknown as ConsoleCall).id;
    ids.otherCall = (
      (await outsider.call('POST', `/api/console/events/${ids.other}/calls`, { kind: 'pop-up-partner', title: 'Pop-ups', closesAt: localIn(48), timeZone: 'UTC', status: 'open' }))
        .body as unknown as ConsoleCall
    ).id;
    // A session of another event cannot be named; a delegate is told the event does not exist.
    const foreign = await outsider.call('POST', `/api/console/events/${ids.other}/calls`, { kind: 'ignite-speaker', title: 'x', sessionId: ids.ignite, closesAt: localIn(1), timeZone: 'UTC' });
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect(errorCode(await ama.call('GET', `${consoleBase()}/calls`))).toBe('NOT_FOUND');

    const open = (await new HttpBrowser(platform.url).call('GET', '/api/events/civic-week/calls')).body as unknown as CallSummary[];
    expect(open.map((call) => call.title)).toEqual(['Ignite speakers: five minutes that change minds']);
    expect(errorCode(await ama.call('GET', `/api/calls/${ids.partnerCall}`))).toBe('NOT_FOUND');
    const opened = await olga.call('POST', `${consoleBase()}/calls/${ids.partnerCall}`, {
      kind: 'local-partner',
      title: 'Local partners',
      questions: ['Where would you host it?'],
      closesAt: localIn(48),
      timeZone: 'UTC',
      status: 'open',
    });
    expect((opened.body as unknown as ConsoleCall).isOpen).toBe(true);
  });

  it('takes an application from an account, with its answers, changed while open, refused malformed', async () => {
    const tooMany = await ama.call('POST', `/api/calls/${ids.speakerCall}/application`, { summary: 'Data for the people', answers: ['a', 'b', 'c'] });
    expect(errorCode(tooMany)).toBe('INVALID_PAYLOAD');
    const empty = await ama.call('POST', `/api/calls/${ids.speakerCall}/application`, { summary: '  ', answers: [] });
    expect(errorCode(empty)).toBe('INVALID_PAYLOAD');
    const nobody = await new HttpBrowser(platform.url).call('POST', `/api/calls/${ids.speakerCall}/application`, { summary: 'x' }, { withCsrf: false });
    expect(errorCode(nobody)).toBe('STALE_PAGE');

    const applied = (await ama.call('POST', `/api/calls/${ids.speakerCall}/application`, { summary: 'Data for the people', answers: ['Open budgets'] })).body as unknown as MyApplication;
    expect(applied).toMatchObject({ state: 'submitted', answers: ['Open budgets', ''] });
    const changed = (await ama.call('POST', `/api/calls/${ids.speakerCall}/application`, { summary: 'Data for the people', answers: ['Open budgets', 'Accra'] })).body as unknown as MyApplication;
    expect(changed.answers).toEqual(['Open budgets', 'Accra']);
    await ben.call('POST', `/api/calls/${ids.partnerCall}/application`, { summary: 'Civic fair in Lusaka', answers: ['Our community hall'] });
    expect(await platform.db.prisma.application.count()).toBe(2);
    // Another event's organiser reads none of it.
    const page = (await outsider.call('GET', `/api/console/events/${ids.other}/applications`)).body as unknown as ConsolePage<ConsoleApplication>;
    expect(page.total).toBe(0);
  });

  it('lets organisers review: filter, comment, accept once; the speaker is on stage in their session', async () => {
    const page = (await olga.call('GET', `${consoleBase()}/applications?callId=${ids.speakerCall}&state=submitted`)).body as unknown as ConsolePage<ConsoleApplication>;
    expect(page.items.map((item) => [item.displayName, item.email, item.summary])).toEqual([['Ama', 'ama@example.org', 'Data for the people']]);
    const application = page.items[0]!;
    const commented = (await olga.call('POST', `${consoleBase()}/applications/${application.id}/comments`, { body: 'Strong idea' })).body as unknown as ConsoleApplication;
    expect(commented.comments.map((comment) => [comment.authorName, comment.body])).toEqual([['Olga', 'Strong idea']]);
    // Through another event's console: not found.
    expect(errorCode(await outsider.call('POST', `/api/console/events/${ids.other}/applications/${application.id}/decision`, { decision: 'accept' }))).toBe('NOT_FOUND');

    const accepted = (await olga.call('POST', `${consoleBase()}/applications/${application.id}/decision`, { decision: 'accept', message: 'See you on stage!' })).body as unknown as ConsoleApplication;
    expect(accepted.state).toBe('accepted');
    const again = await olga.call('POST', `${consoleBase()}/applications/${application.id}/decision`, { decision: 'decline' });
    expect([again.status, errorCode(again)]).toEqual([409, 'CONFLICT']);
    expect(await platform.db.prisma.sessionGrant.findMany({ where: { sessionId: ids.ignite }, select: { email: true, role: true } })).toEqual([
      { email: 'ama@example.org', role: 'speaker' },
    ]);
    const mail = await smtp.nextTo('ama@example.org', (message) => message.subject?.startsWith('Accepted') ?? false);
    expect(mail.text).toContain('See you on stage!');
    // Her applications say so; the applicant cannot change a decided one.
    const mine = (await ama.call('GET', '/api/applications')).body as unknown as MyApplication[];
    expect(mine.map((entry) => [entry.state, entry.message])).toEqual([['accepted', 'See you on stage!']]);
    expect(errorCode(await ama.call('POST', `/api/calls/${ids.speakerCall}/application/withdraw`))).toBe('CONFLICT');

    const socket = await connectClient(platform.url, 'Ama', { token: await accountToken(ama, ids.igniteRoom) });
    try {
      const joined: RoomJoined = expectOk(await request(socket, 'room:join', { roomId: asRoomId(ids.igniteRoom) }));
      expect(joined.self.role).toBe('speaker');
    } finally {
      socket.disconnect();
    }
  });

  it('makes an accepted partner a draft session they complete, and the organisers publish', async () => {
    const [application] = ((await olga.call('GET', `${consoleBase()}/applications?callId=${ids.partnerCall}`)).body as unknown as ConsolePage<ConsoleApplication>).items;
    const accepted = (await olga.call('POST', `${consoleBase()}/applications/${application!.id}/decision`, { decision: 'accept' })).body as unknown as ConsoleApplication;
    expect(accepted.sessionId).toEqual(expect.any(String));
    const mail = await smtp.nextTo('ben@example.org', (message) => message.subject?.startsWith('Accepted') ?? false);
    expect(mail.text).toContain(`/my-sessions/${accepted.sessionId}`);

    const draft = (await ben.call('GET', `/api/my-sessions/${accepted.sessionId}`)).body as unknown as ConsoleSession;
    expect(draft).toMatchObject({ title: 'Civic fair in Lusaka', status: 'draft', kind: 'local-event', format: 'in-person' });
    // Only its owner: someone else is told it does not exist.
    expect(errorCode(await ama.call('GET', `/api/my-sessions/${accepted.sessionId}`))).toBe('NOT_FOUND');
    const bad = await ben.call('POST', `/api/my-sessions/${accepted.sessionId}`, { title: 'x', startsAt: '2027-05-01T10:00', endsAt: '2027-05-01T09:00', timeZone: 'Africa/Lusaka', format: 'in-person', place: 'Hall', languages: ['en'] });
    expect(errorCode(bad)).toBe('INVALID_PAYLOAD');
    // 02:30 on 2027-03-28 does not exist in Belgrade (the clocks go forward): refused, never a server error.
    const skipped = await ben.call('POST', `/api/my-sessions/${accepted.sessionId}`, { title: 'x', startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T04:00', timeZone: 'Europe/Belgrade', format: 'virtual', languages: ['en'] });
    expect([skipped.status, errorCode(skipped)]).toEqual([400, 'INVALID_PAYLOAD']);
    const details = {
      title: 'Civic fair in Lusaka',
      description: 'Stalls and talks',
      startsAt: '2027-05-02T14:00',
      endsAt: '2027-05-02T17:00',
      timeZone: 'Africa/Lusaka',
      format: 'in-person',
      place: 'Community hall, Lusaka',
      languages: ['en', 'ny'],
    };
    const completed = (await ben.call('POST', `/api/my-sessions/${accepted.sessionId}`, details)).body as unknown as ConsoleSession;
    expect(completed).toMatchObject({ startsAt: '2027-05-02T12:00:00.000Z', place: 'Community hall, Lusaka', status: 'draft' });
    await olga.call('POST', `${consoleBase()}/sessions/${accepted.sessionId}/status`, { status: 'published' });
    // Published: its organisers keep it from here.
    const published = await ben.call('POST', `/api/my-sessions/${accepted.sessionId}`, { ...details, description: 'changed' });
    expect([published.status, errorCode(published)]).toEqual([409, 'CONFLICT']);
    expect((await new HttpBrowser(platform.url).call('GET', `/api/sessions/${accepted.sessionId}`)).body).toMatchObject({ session: { title: 'Civic fair in Lusaka' } });
  });

  it('grants nothing for a call whose session was deleted: the application stays to be decided', async () => {
    const prisma = platform.db.prisma;
    const session = await prisma.session.create({
      data: { eventId: ids.event, kind: 'buzz-groups', title: 'Buzz groups', startsAt: new Date(Date.now() + 48 * HOUR), endsAt: new Date(Date.now() + 49 * HOUR), timeZone: 'UTC', format: 'in-person', place: 'Accra', status: 'published' },
    });
    const call = (
      await olga.call('POST', `${consoleBase()}/calls`, { kind: 'buzz-moderator', title: 'Moderators', sessionId: session.id, closesAt: localIn(24), timeZone: 'UTC', status: 'open' })
    ).body as unknown as ConsoleCall;
    await ben.call('POST', `/api/calls/${call.id}/application`, { summary: 'I moderate' });
    await prisma.session.delete({ where: { id: session.id } });
    const [application] = ((await olga.call('GET', `${consoleBase()}/applications?callId=${call.id}`)).body as unknown as ConsolePage<ConsoleApplication>).items;
    const refused = await olga.call('POST', `${consoleBase()}/applications/${application!.id}/decision`, { decision: 'accept' });
    expect([refused.status, errorCode(refused)]).toEqual([409, 'CONFLICT']);
    expect(await prisma.eventGrant.count({ where: { eventId: ids.event, email: 'ben@example.org' } })).toBe(0);
    expect((await prisma.application.findUniqueOrThrow({ where: { id: application!.id } })).state).toBe('submitted');
  });

  it('refuses applications after the deadline, and exports applications into the audit log', async () => {
    await platform.db.prisma.participationCall.update({ where: { id: ids.otherCall }, data: { closesAt: new Date(Date.now() - 1_000) } });
    const late = await ama.call('POST', `/api/calls/${ids.otherCall}/application`, { summary: 'Too late' });
    expect([late.status, errorCode(late)]).toEqual([409, 'CONFLICT']);
    expect(await platform.db.prisma.application.count({ where: { callId: ids.otherCall } })).toBe(0);

    const csv = await fetch(`${platform.url}${consoleBase()}/applications.csv`, { headers: { cookie: olga.cookieHeader() } });
    const text = await csv.text();
    expect(text).toContain('Data for the people');
    expect(text).toContain('Olga: Strong idea');
    const audit = (await olga.call('GET', `${consoleBase()}/audit`)).body as unknown as ConsolePage<EventAuditView>;
    expect(audit.items[0]).toMatchObject({ action: 'export-applications', actorName: 'Olga', detail: { count: 3 } });
    // Its questions stay as they were answered.
    const reworded = await olga.call('POST', `${consoleBase()}/calls/${ids.speakerCall}`, {
      kind: 'ignite-speaker',
      title: 'Ignite speakers',
      sessionId: ids.ignite,
      questions: ['Where are you based?', 'What is your idea?'],
      closesAt: localIn(48),
      timeZone: 'UTC',
      status: 'closed',
    });
    expect([reworded.status, errorCode(reworded)]).toEqual([409, 'CONFLICT']);
    // A call someone answered is closed, not deleted.
    expect(errorCode(await olga.call('POST', `${consoleBase()}/calls/${ids.speakerCall}/delete`))).toBe('CONFLICT');
    expect(platform.loggedErrors()).toEqual([]);
  });
});
