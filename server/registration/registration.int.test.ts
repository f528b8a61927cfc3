import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsolePage } from '../../shared/console.js';
import type {
  AgendaView,
  ConsoleRegistration,
  ConsoleSessionRegistration,
  EventAuditView,
  EventRegistrationState,
  RegistrationOverview,
  SessionRegistrationState,
} from '../../shared/registration.js';
import { asRoomId } from '../../shared/ids.js';
import { accountToken, errorCode, HttpBrowser, signedInBrowsers } from '../test/httpBrowser.js';
import { connectClient, expectOk, request } from '../test/testClient.js';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtpCatcher.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

const HOUR = 3_600_000;
const REGISTRATION = { country: 'KE', region: 'africa', languages: ['sw', 'en'], accessNeeds: 'Captions, please', acceptsPrinciples: true, consentsToRecording: false };

/**
 * Registration and the waiting list over HTTP on the real server,
 * PostgreSQL and a real SMTP server on loopback: capacity under 50
 * concurrent registrations, a cancellation's place offered to the first
 * in line (by email and in the agenda), a lapsed offer passed on, the
 * agenda's private feed, reminders, and other events' ids refused.
 */
describe('registration and the waiting list (real server, database, SMTP)', () => {
  let platform: TestPlatform;
  let smtp: SmtpCatcher;
  let people: HttpBrowser[];
  const emailOf = (index: number) => `delegate${index}@example.org`;
  const ids = { event: '', other: '', full: '', soon: '', otherSession: '', draft: '' };
  const future = (hours: number) => new Date(Date.now() + hours * HOUR);

  const session = async (eventId: string, title: string, startsAt: Date, data: { capacity?: number; status?: string } = {}) =>
    (
      await platform.db.prisma.session.create({
        data: {
          eventId,
          kind: 'webinar',
          title,
          startsAt,
          endsAt: new Date(startsAt.getTime() + HOUR),
          timeZone: 'Africa/Nairobi',
          format: 'in-person',
          place: 'Nairobi',
          status: data.status ?? 'published',
          capacity: data.capacity ?? null,
        },
        select: { id: true },
      })
    ).id;
  const event = async (slug: string) =>
    (
      await platform.db.prisma.event.create({
        data: { slug, name: `Event ${slug}`, timeZone: 'Africa/Nairobi', startsOn: '2027-01-01', endsOn: '2027-12-31', status: 'published', principles: ['Everyone is welcome'] },
        select: { id: true },
      })
    ).id;
  const standing = async (sessionId: string) =>
    platform.db.prisma.sessionRegistration.findMany({ where: { sessionId }, orderBy: { seq: 'asc' }, include: { account: { select: { email: true } } } });

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    platform = await startTestPlatform({ SMTP_URL: smtp.url, REGISTRATION_SWEEP_MS: '200' });
    ids.event = await event('nairobi-civic-week');
    ids.other = await event('other-week');
    ids.full = await session(ids.event, 'Ten places only', future(72), { capacity: 10 });
    ids.soon = await session(ids.event, 'Starting soon', future(0.5));
    ids.draft = await session(ids.event, 'Not announced yet', future(72), { status: 'draft' });
    ids.otherSession = await session(ids.other, 'Another event’s session', future(72));
    people = await signedInBrowsers(
      platform,
      Array.from({ length: 50 }, (_, index) => ({ email: emailOf(index), displayName: `Delegate ${index}` })),
    );
  }, 120_000);

  afterAll(async () => {
    await platform?.dispose();
    await smtp?.close();
  });

  it('refuses a registration without the principles accepted, or without the CSRF token, keeping nothing', async () => {
    const [ana] = people;
    const noPrinciples = await ana!.call('POST', '/api/events/nairobi-civic-week/registration', { ...REGISTRATION, acceptsPrinciples: false });
    expect([noPrinciples.status, errorCode(noPrinciples)]).toEqual([400, 'INVALID_PAYLOAD']);
    const badRegion = await ana!.call('POST', '/api/events/nairobi-civic-week/registration', { ...REGISTRATION, region: 'atlantis' });
    expect(errorCode(badRegion)).toBe('INVALID_PAYLOAD');
    const noCsrf = await ana!.call('POST', '/api/events/nairobi-civic-week/registration', REGISTRATION, { withCsrf: false });
    expect([noCsrf.status, errorCode(noCsrf)]).toEqual([403, 'STALE_PAGE']);
    const nobody = await new HttpBrowser(platform.url).call('GET', '/api/events/nairobi-civic-week/registration');
    expect([nobody.status, errorCode(nobody)]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await platform.db.prisma.eventRegistration.count()).toBe(0);
  });

  it('registers 50 people for the event, each seeing only their own registration', async () => {
    await Promise.all(people.map((person) => person.call('POST', '/api/events/nairobi-civic-week/registration', REGISTRATION)));
    const mine = (await people[0]!.call('GET', '/api/events/nairobi-civic-week/registration')).body as unknown as EventRegistrationState;
    expect(mine).toMatchObject({ offerHours: 24, registration: { country: 'KE', region: 'africa', languages: ['sw', 'en'], consentsToRecording: false } });
    expect(await platform.db.prisma.eventRegistration.count({ where: { eventId: ids.event } })).toBe(50);
    // Another event: not registered there.
    expect(((await people[0]!.call('GET', '/api/events/other-week/registration')).body as unknown as EventRegistrationState).registration).toBeNull();
  });

  it('gives 50 concurrent registrations for 10 places exactly 10 places and a line of 40, in order of arrival', async () => {
    const answers = await Promise.all(people.map((person) => person.call('POST', `/api/sessions/${ids.full}/registration`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    const rows = await standing(ids.full);
    expect(rows.filter((row) => row.state === 'registered')).toHaveLength(10);
    expect(rows.filter((row) => row.state === 'waiting')).toHaveLength(40);
    // Everyone with a place arrived before everyone in line.
    expect(rows.slice(0, 10).every((row) => row.state === 'registered')).toBe(true);
    // Each one's place in line is their order of arrival among those waiting.
    const waitingEmails = rows.filter((row) => row.state === 'waiting').map((row) => row.account.email);
    const positions = await Promise.all(
      waitingEmails.map(async (email) => {
        const person = people[Number(/delegate(\d+)@/.exec(email)![1])]!;
        return ((await person.call('GET', `/api/sessions/${ids.full}/registration`)).body as unknown as SessionRegistrationState).mine?.position;
      }),
    );
    expect(positions).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    const seen = (await new HttpBrowser(platform.url).call('GET', `/api/sessions/${ids.full}/registration`)).body as unknown as SessionRegistrationState;
    expect(seen).toMatchObject({ isSignedIn: false, mine: null, availability: { capacity: 10, placesLeft: 0, waiting: 40 } });
  });

  const personWith = (email: string) => people[Number(/delegate(\d+)@/.exec(email)![1])]!;

  it('offers a cancelled place to the first in line, by email and in their agenda', async () => {
    const before = await standing(ids.full);
    const leaving = personWith(before[0]!.account.email);
    const first = before.find((row) => row.state === 'waiting')!;
    const cancelled = await leaving.call('POST', `/api/sessions/${ids.full}/registration/cancel`);
    expect((cancelled.body as unknown as SessionRegistrationState).mine).toBeNull();

    const mail = await smtp.nextTo(first.account.email, (message) => message.subject?.startsWith('A place is free for you') ?? false);
    expect(mail.text).toContain('Ten places only');
    expect(mail.text).toContain(`/s/${ids.full}`);
    const agenda = (await personWith(first.account.email).call('GET', '/api/agenda')).body as unknown as AgendaView;
    const offer = agenda.items.find((item) => item.session.id === ids.full)!;
    expect(offer.registration.state).toBe('offered');
    expect(Date.parse(offer.registration.offerExpiresAt!) - Date.now()).toBeGreaterThan(23 * HOUR);
    // Nobody else was offered it, and the one who left holds nothing.
    const after = await standing(ids.full);
    expect(after.filter((row) => row.state === 'offered').map((row) => row.account.email)).toEqual([first.account.email]);
    expect(after.some((row) => row.account.email === before[0]!.account.email)).toBe(false);
  });

  it('passes a lapsed offer to the next in line', async () => {
    const before = await standing(ids.full);
    const offered = before.find((row) => row.state === 'offered')!;
    const next = before.find((row) => row.state === 'waiting')!;
    // The offer's time runs out (the clock moved on a day).
    await platform.db.prisma.sessionRegistration.update({
      where: { sessionId_accountId: { sessionId: ids.full, accountId: offered.accountId } },
      data: { offerExpiresAt: new Date(Date.now() - 1_000) },
    });
    await smtp.nextTo(next.account.email, (message) => message.subject?.startsWith('A place is free for you') ?? false);
    await smtp.nextTo(offered.account.email, (message) => message.subject?.startsWith('The place we held for you has passed on') ?? false);
    const after = await standing(ids.full);
    expect(after.filter((row) => row.state === 'offered').map((row) => row.account.email)).toEqual([next.account.email]);
    expect(after.some((row) => row.accountId === offered.accountId)).toBe(false);
    // Too late to accept.
    const late = await personWith(offered.account.email).call('POST', `/api/sessions/${ids.full}/registration/accept`);
    expect([late.status, errorCode(late)]).toEqual([409, 'CONFLICT']);

    const accepted = await personWith(next.account.email).call('POST', `/api/sessions/${ids.full}/registration/accept`);
    expect((accepted.body as unknown as SessionRegistrationState).mine?.state).toBe('registered');
    expect((await standing(ids.full)).filter((row) => row.state === 'registered')).toHaveLength(10);
  });

  it('frees one’s places when one cancels the event registration', async () => {
    const before = await standing(ids.full);
    const leaving = before.find((row) => row.state === 'registered')!;
    const first = before.find((row) => row.state === 'waiting')!;
    await personWith(leaving.account.email).call('POST', '/api/events/nairobi-civic-week/registration/cancel');
    expect(await platform.db.prisma.eventRegistration.count({ where: { accountId: leaving.accountId } })).toBe(0);
    const after = await standing(ids.full);
    expect(after.some((row) => row.accountId === leaving.accountId)).toBe(false);
    expect(after.find((row) => row.accountId === first.accountId)?.state).toBe('offered');
    // Without the event's registration, no session's either.
    const again = await personWith(leaving.account.email).call('POST', `/api/sessions/${ids.full}/registration`);
    expect([again.status, errorCode(again)]).toEqual([409, 'CONFLICT']);
  });

  it('offers a place freed outside any change to the session (a capacity raised) at the next sweep', async () => {
    const before = await standing(ids.full);
    const first = before.find((row) => row.state === 'waiting')!;
    await platform.db.prisma.session.update({ where: { id: ids.full }, data: { capacity: 11 } });
    await expect
      .poll(async () => (await standing(ids.full)).find((row) => row.accountId === first.accountId)?.state, { timeout: 60_000 })
      .toBe('offered');
    await smtp.nextTo(first.account.email, (message) => message.subject?.startsWith('A place is free for you') ?? false);
  });

  it('refuses another event’s session without that event’s registration, drafts and unknown ids alike', async () => {
    const person = people[49]!;
    const other = await person.call('POST', `/api/sessions/${ids.otherSession}/registration`);
    expect([other.status, errorCode(other)]).toEqual([409, 'CONFLICT']);
    for (const id of [ids.draft, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const answer = await person.call('POST', `/api/sessions/${id}/registration`);
      expect([answer.status, errorCode(answer)]).toEqual([404, 'NOT_FOUND']);
    }
    expect(errorCode(await person.call('GET', '/api/events/no-such-week/registration'))).toBe('NOT_FOUND');
    expect(await platform.db.prisma.sessionRegistration.count({ where: { sessionId: { in: [ids.otherSession, ids.draft] } } })).toBe(0);
  });

  it('keeps a private calendar feed that a new address replaces and turning off ends', async () => {
    const person = people[49]!;
    const on = (await person.call('POST', '/api/agenda/feed')).body as unknown as AgendaView;
    expect(on.feedUrl).toMatch(/\/api\/agenda\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    const feedPath = new URL(on.feedUrl!).pathname;
    const feed = await fetch(`${platform.url}${feedPath}`);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const ics = await feed.text();
    // Their place or place in line: places and offers are in the feed, a place in line is not.
    const mine = (await standing(ids.full)).find((row) => row.account.email === emailOf(49))!;
    expect(ics.includes('Ten places only')).toBe(mine.state !== 'waiting');
    await person.call('POST', `/api/sessions/${ids.soon}/registration`);
    expect(await (await fetch(`${platform.url}${feedPath}`)).text()).toContain('Starting soon');

    const renewed = (await person.call('POST', '/api/agenda/feed')).body as unknown as AgendaView;
    expect(renewed.feedUrl).not.toBe(on.feedUrl);
    expect((await fetch(`${platform.url}${feedPath}`)).status).toBe(404);
    const off = (await person.call('POST', '/api/agenda/feed/off')).body as unknown as AgendaView;
    expect(off.feedUrl).toBeNull();
    expect((await fetch(`${platform.url}${new URL(renewed.feedUrl!).pathname}`)).status).toBe(404);
  });

  it('places a registered person in buzz groups by what they told the event, over the pre-join screen’s answers', async () => {
    await platform.db.prisma.room.create({ data: { id: 'nairobi-live', title: 'Live from Nairobi' } });
    const live = await platform.db.prisma.session.update({ where: { id: ids.soon }, data: { format: 'virtual', place: '', roomId: 'nairobi-live' }, select: { roomId: true } });
    const registered = await platform.db.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: ids.event }, include: { account: true } });
    const person = personWith(registered.account.email);
    const socket = await connectClient(platform.url, registered.account.displayName, { token: await accountToken(person, live.roomId!) });
    try {
      expectOk(await request(socket, 'room:join', { roomId: asRoomId('nairobi-live'), profile: { language: 'fr', region: 'europe' } }));
      const peers = platform.app.registry.get(asRoomId('nairobi-live'))!.peerList();
      expect(peers.map((peer) => peer.profile)).toEqual([{ language: 'sw', region: 'africa' }]);
    } finally {
      socket.disconnect();
    }
  });

  it('emails a reminder before a session to those who asked, once', async () => {
    const [asked, silent] = [people[48]!, people[47]!];
    await asked.call('POST', '/api/agenda/reminders', { reminders: true });
    expect(((await asked.call('GET', '/api/agenda')).body as unknown as AgendaView).reminders).toBe(true);
    await Promise.all([asked, silent].map((person) => person.call('POST', `/api/sessions/${ids.soon}/registration`)));
    const reminder = await smtp.nextTo(emailOf(48), (message) => message.subject === 'Starting soon: Starting soon');
    expect(reminder.text).toContain(`/s/${ids.soon}`);
    // Sweeps go on: still one reminder, and none for who did not ask.
    await expect
      .poll(() => platform.db.prisma.sessionRegistration.count({ where: { sessionId: ids.soon, remindedAt: { not: null } } }), { timeout: 60_000 })
      .toBe(1);
    expect(smtp.received.filter((mail) => mail.subject === 'Starting soon: Starting soon').map((mail) => mail.text?.includes('Delegate 48'))).toEqual([true]);
    expect(platform.loggedErrors()).toEqual([]);
  });

  it('forgets access needs a week after the event’s last day, keeping the registration', async () => {
    const past = await platform.db.prisma.event.create({
      data: { slug: 'past-week', name: 'Past week', timeZone: 'UTC', startsOn: '2020-01-06', endsOn: '2020-01-10', status: 'published' },
    });
    const accountId = (await platform.db.prisma.account.findUniqueOrThrow({ where: { email: emailOf(3) } })).id;
    await platform.db.prisma.eventRegistration.create({ data: { eventId: past.id, accountId, accessNeeds: 'Sign language', consentsToRecording: false } });
    await expect
      .poll(async () => (await platform.db.prisma.eventRegistration.findUniqueOrThrow({ where: { eventId_accountId: { eventId: past.id, accountId } } })).accessNeeds, { timeout: 60_000 })
      .toBe('');
    // The running event's are kept.
    expect(await platform.db.prisma.eventRegistration.count({ where: { eventId: ids.event, accessNeeds: 'Captions, please' } })).toBeGreaterThan(0);
  });

  it('shows registrations to the event’s organisers alone, with filters, lines and exports that the audit log keeps', async () => {
    const [olga] = await signedInBrowsers(platform, [{ email: 'olga@example.org', displayName: '=HYPERLINK("http://x")' }]);
    await platform.db.prisma.eventGrant.create({ data: { eventId: ids.event, email: 'olga@example.org', role: 'organiser' } });
    const base = `/api/console/events/${ids.event}`;
    // A delegate (no role) is told the event does not exist; another event's organiser reads nothing of this one.
    expect(errorCode(await people[0]!.call('GET', `${base}/registrations`))).toBe('NOT_FOUND');
    expect(errorCode(await people[0]!.call('GET', `${base}/registrations.csv`))).toBe('NOT_FOUND');

    const overview = (await olga!.call('GET', `${base}/registrations/overview`)).body as unknown as RegistrationOverview;
    const registered = await platform.db.prisma.eventRegistration.count({ where: { eventId: ids.event } });
    expect(overview.registrations).toBe(registered);
    expect(overview.byRegion).toEqual([{ region: 'africa', count: registered }]);
    const line = overview.sessions.find((session) => session.sessionId === ids.full)!;
    // Raised to 11 above.
    expect(line.capacity).toBe(11);
    expect(line.registered + line.offered).toBe(11);

    const page = (await olga!.call('GET', `${base}/registrations?q=delegate4&region=africa&language=sw`)).body as unknown as ConsolePage<ConsoleRegistration>;
    expect(page.items.every((item) => item.email.startsWith('delegate4'))).toBe(true);
    expect(page.items[0]).toMatchObject({ country: 'KE', accessNeeds: 'Captions, please', consentsToRecording: false });
    expect(((await olga!.call('GET', `${base}/registrations?country=FR`)).body as unknown as ConsolePage<ConsoleRegistration>).total).toBe(0);
    expect(errorCode(await olga!.call('GET', `${base}/registrations?region=atlantis`))).toBe('INVALID_PAYLOAD');

    const waiting = (await olga!.call('GET', `${base}/sessions/${ids.full}/registrations?state=waiting`)).body as unknown as ConsolePage<ConsoleSessionRegistration>;
    expect(waiting.items.map((item) => item.position)).toEqual(Array.from({ length: waiting.items.length }, (_, index) => index + 1));
    // Another event's session, through this event: not found.
    expect(errorCode(await olga!.call('GET', `${base}/sessions/${ids.otherSession}/registrations`))).toBe('NOT_FOUND');
    expect(errorCode(await olga!.call('GET', `${base}/sessions/${ids.otherSession}/registrations.csv`))).toBe('NOT_FOUND');

    // A registrant whose name reads as a formula: the export defuses it.
    await platform.db.prisma.account.update({ where: { email: emailOf(49) }, data: { displayName: '=cmd|calc' } });
    const csv = await fetch(`${platform.url}${base}/registrations.csv`, { headers: { cookie: olga!.cookieHeader() } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('name,email,country,region,languages');
    expect(text).toContain(`'=cmd|calc,${emailOf(49)}`);
    expect(text).not.toMatch(/^=cmd/m);
    await fetch(`${platform.url}${base}/sessions/${ids.full}/registrations.csv`, { headers: { cookie: olga!.cookieHeader() } });

    const audit = (await olga!.call('GET', `${base}/audit`)).body as unknown as ConsolePage<EventAuditView>;
    expect(audit.items.map((entry) => entry.action)).toEqual(['export-session-registrations', 'export-registrations']);
    expect(audit.items[1]).toMatchObject({ actorName: '=HYPERLINK("http://x")', detail: { count: registered } });
  });
});
