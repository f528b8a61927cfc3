import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsolePage } from '../../shared/console.js';
import type { AnnouncementPreview, AnnouncementView, MailingListOverview, MemberPreferences } from '../../shared/mailingList.js';
import type { EventAuditView } from '../../shared/registration.js';
import { errorCode, HttpBrowser, signedInBrowsers } from '../test/httpBrowser.js';
import { startSmtpCatcher, type SmtpCatcher } from '../test/smtpCatcher.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';
import { ANNOUNCEMENT_BATCH } from './mailingListRepository.js';

const CONFIRM_LINK = /\/mailing-list\/confirm\?token=([A-Za-z0-9_-]{43})/;

/**
 * An event's mailing list over HTTP on the real server, PostgreSQL and a
 * real SMTP server on loopback: double opt-in (nothing but the
 * confirmation reaches an unconfirmed address), preferences by a member's
 * signed link, an announcement previewed and sent in batches with its
 * List-Unsubscribe headers, one-click unsubscribe, the export in the audit
 * log, and other events' organisers refused.
 */
describe('the mailing list (real server, database, SMTP)', () => {
  let platform: TestPlatform;
  let smtp: SmtpCatcher;
  let olga: HttpBrowser;
  let visitor: HttpBrowser;
  let eventId = '';
  let otherEventId = '';
  let announcementId = '';

  const signUp = (email: string, extra: Record<string, unknown> = {}) =>
    visitor.call('POST', '/api/events/open-week/mailing-list', { email, topics: ['Climate'], region: 'africa', language: 'fr', ...extra });
  const confirmTokenOf = async (email: string) => CONFIRM_LINK.exec((await smtp.nextTo(email, (mail) => mail.subject?.startsWith('Confirm') ?? false)).text ?? '')![1]!;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    platform = await startTestPlatform({ SMTP_URL: smtp.url });
    const prisma = platform.db.prisma;
    const event = (slug: string) =>
      prisma.event.create({ data: { slug, name: `Event ${slug}`, timeZone: 'UTC', startsOn: '2027-05-01', endsOn: '2027-05-03', status: 'published' }, select: { id: true } });
    eventId = (await event('open-week')).id;
    otherEventId = (await event('other-week')).id;
    await prisma.topic.createMany({ data: [{ eventId, name: 'Climate' }, { eventId, name: 'Democracy' }] });
    [olga] = await signedInBrowsers(platform, [{ email: 'olga@example.org', displayName: 'Olga' }]) as [HttpBrowser];
    await prisma.eventGrant.create({ data: { eventId, email: 'olga@example.org', role: 'organiser' } });
    visitor = new HttpBrowser(platform.url);
    await visitor.refreshCsrf();
  }, 120_000);

  afterAll(async () => {
    await platform?.dispose();
    await smtp?.close();
  });

  it('signs up without an account, mailing only the confirmation, and answering alike for any address', async () => {
    const first = await signUp('ana@example.org', { topics: ['Climate', 'Not a topic'] });
    expect(first.status).toBe(202);
    const bad = await signUp('not an address');
    expect([bad.status, errorCode(bad)]).toEqual([400, 'INVALID_PAYLOAD']);
    const noCsrf = await visitor.call('POST', '/api/events/open-week/mailing-list', { email: 'x@example.org' }, { withCsrf: false });
    expect(errorCode(noCsrf)).toBe('STALE_PAGE');

    const token = await confirmTokenOf('ana@example.org');
    const confirmed = (await visitor.call('POST', '/api/mailing-list/confirm', { token })).body as unknown as MemberPreferences;
    // Only the event's own topics are kept; the address is shown partly hidden.
    expect(confirmed).toMatchObject({ eventName: 'Event open-week', topics: ['Climate'], region: 'africa', language: 'fr', topicChoices: ['Climate', 'Democracy'] });
    expect(confirmed.email).toMatch(/^an•+@example\.org$/);
    expect(errorCode(await visitor.call('POST', '/api/mailing-list/confirm', { token }))).toBe('NOT_FOUND');
    // Signed up again once confirmed: the same answer, no mail.
    expect((await signUp('ana@example.org')).status).toBe(202);

    await signUp('bo@example.org', { topics: ['Democracy'], region: null, language: 'en' });
    await visitor.call('POST', '/api/mailing-list/confirm', { token: await confirmTokenOf('bo@example.org') });
    // Cy never confirms.
    await signUp('cy@example.org');
    await confirmTokenOf('cy@example.org');
    const overview = (await olga.call('GET', `/api/console/events/${eventId}/mailing-list`)).body as unknown as MailingListOverview;
    expect([overview.confirmed, overview.unconfirmed]).toEqual([2, 1]);
  });

  it('previews an announcement and sends it, in batches, to the confirmed list only, with one-click unsubscribe headers', async () => {
    // Many more confirmed members (more than one batch), made straight in the database.
    await platform.db.prisma.mailingListMember.createMany({
      data: Array.from({ length: ANNOUNCEMENT_BATCH + 20 }, (_, index) => ({ eventId, email: `many${index}@example.org`, topics: ['Climate'], confirmedAt: new Date() })),
    });
    const created = await olga.call('POST', `/api/console/events/${eventId}/announcements`, { subject: 'Nairobi hub opens', text: 'Join us in Nairobi.', audience: { topics: ['Climate'] } });
    expect(created.status).toBe(201);
    announcementId = (created.body as unknown as AnnouncementView).id;
    const preview = (await olga.call('POST', `/api/console/events/${eventId}/announcements/${announcementId}/preview`)).body as unknown as AnnouncementPreview;
    // Ana and the many like Climate; Bo does not; Cy never confirmed.
    expect(preview.recipients).toBe(ANNOUNCEMENT_BATCH + 21);
    expect(preview.text).toContain('Join us in Nairobi.');
    expect(preview.text).toContain('/mailing-list/unsubscribe?m=');

    const sending = (await olga.call('POST', `/api/console/events/${eventId}/announcements/${announcementId}/send`)).body as unknown as AnnouncementView;
    expect(sending).toMatchObject({ state: expect.stringMatching(/sending|sent/), recipients: ANNOUNCEMENT_BATCH + 21 });
    await expect
      .poll(async () => ((await olga.call('GET', `/api/console/events/${eventId}/announcements`)).body as unknown as AnnouncementView[])[0], { timeout: 60_000 })
      .toMatchObject({ state: 'sent', written: ANNOUNCEMENT_BATCH + 21 });
    const again = await olga.call('POST', `/api/console/events/${eventId}/announcements/${announcementId}/send`);
    expect([again.status, errorCode(again)]).toEqual([409, 'CONFLICT']);
    // An audience nobody matches: refused, and it stays a draft.
    const nobody = (await olga.call('POST', `/api/console/events/${eventId}/announcements`, { subject: 'x', text: 'y', audience: { language: 'zu' } })).body as unknown as AnnouncementView;
    expect(errorCode(await olga.call('POST', `/api/console/events/${eventId}/announcements/${nobody.id}/send`))).toBe('CONFLICT');
    // One letter each, none to the unconfirmed or the uninterested.
    const letters = await platform.db.prisma.outboxMessage.findMany({ where: { kind: 'mailing-list' }, select: { to: true } });
    expect(letters).toHaveLength(ANNOUNCEMENT_BATCH + 21);
    expect(new Set(letters.map((letter) => letter.to)).size).toBe(ANNOUNCEMENT_BATCH + 21);
    expect(letters.some((letter) => letter.to === 'cy@example.org' || letter.to === 'bo@example.org')).toBe(false);

    const mail = await smtp.nextTo('ana@example.org', (message) => message.subject === 'Nairobi hub opens');
    expect(mail.text).toContain('Join us in Nairobi.');
    // The parser gathers the List-* headers under `list`.
    const list = mail.headers.get('list') as { unsubscribe: { url: string }; 'unsubscribe-post': { name: string } };
    expect(list['unsubscribe-post'].name).toBe('List-Unsubscribe=One-Click');
    const oneClick = list.unsubscribe.url;

    // Preferences by the member's own link; a tampered one finds nobody.
    const preferencesUrl = /Your preferences: (\S+)/.exec(mail.text ?? '')![1]!;
    const query = new URL(preferencesUrl).search;
    expect(((await visitor.call('GET', `/api/mailing-list/preferences${query}`)).body as unknown as MemberPreferences).topics).toEqual(['Climate']);
    const changed = await visitor.call('POST', `/api/mailing-list/preferences${query}`, { topics: ['Democracy'], region: 'europe', language: 'en' });
    expect((changed.body as unknown as MemberPreferences).region).toBe('europe');
    const token = new URLSearchParams(query).get('t')!;
    const tampered = query.replace(`t=${token}`, `t=${token.startsWith('A') ? 'B' : 'A'}${token.slice(1)}`);
    expect(errorCode(await visitor.call('GET', `/api/mailing-list/preferences${tampered}`))).toBe('NOT_FOUND');

    // Opened in a browser instead: the page that asks, and nothing changes.
    const opened = await fetch(oneClick, { redirect: 'manual' });
    expect([opened.status, opened.headers.get('location')]).toEqual([303, `/mailing-list/unsubscribe${new URL(oneClick).search}`]);
    expect(await platform.db.prisma.mailingListMember.count({ where: { email: 'ana@example.org' } })).toBe(1);
    // Once sent, the letter's links (its List-Unsubscribe header among them) are not kept in the outbox.
    await expect
      .poll(() => platform.db.prisma.outboxMessage.findFirst({ where: { to: 'ana@example.org', kind: 'mailing-list' }, select: { state: true, headers: true, text: true } }), { timeout: 60_000 })
      .toEqual({ state: 'sent', headers: null, text: '' });

    // The mail program's one-click unsubscribe: a form post, no cookie, no CSRF token.
    const left = await fetch(oneClick, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(left.status).toBe(200);
    expect(await platform.db.prisma.mailingListMember.count({ where: { email: 'ana@example.org' } })).toBe(0);
    expect(errorCode(await visitor.call('GET', `/api/mailing-list/preferences${query}`))).toBe('NOT_FOUND');
  });

  it('keeps the list and its export to the event’s organisers, and logs the export', async () => {
    const [oscar] = (await signedInBrowsers(platform, [{ email: 'oscar@example.org', displayName: 'Oscar' }])) as [HttpBrowser];
    await platform.db.prisma.eventGrant.create({ data: { eventId: otherEventId, email: 'oscar@example.org', role: 'organiser' } });
    expect(errorCode(await oscar.call('GET', `/api/console/events/${eventId}/mailing-list`))).toBe('NOT_FOUND');
    expect(errorCode(await oscar.call('POST', `/api/console/events/${otherEventId}/announcements/${announcementId}/preview`))).toBe('NOT_FOUND');

    const csv = await (await fetch(`${platform.url}/api/console/events/${eventId}/mailing-list.csv`, { headers: { cookie: olga.cookieHeader() } })).text();
    expect(csv).toContain('bo@example.org');
    expect(csv).not.toContain('cy@example.org');
    const audit = (await olga.call('GET', `/api/console/events/${eventId}/audit`)).body as unknown as ConsolePage<EventAuditView>;
    expect(audit.items.map((entry) => entry.action)).toEqual(['export-mailing-list', 'send-announcement']);
    expect(platform.loggedErrors()).toEqual([]);
  });
});
