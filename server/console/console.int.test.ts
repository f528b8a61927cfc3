import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, type ConsoleOverview, type ConsolePage, type ConsoleSession } from '../../shared/console.js';
import type { RoomJoined } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type { InvitationCreated, InvitationList } from '../../shared/invitations.js';
import type { RecordingListResponse } from '../../shared/recordings.js';
import type { EventSummary, PartnerSummary, PersonSummary, TopicSummary } from '../../shared/programme.js';
import { accountToken, errorCode, HttpBrowser, signedUpBrowser } from '../test/httpBrowser.js';
import { OPUS_MICROPHONE } from '../test/rtpParameters.js';
import { connectClient, expectOk, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

const EVENT = {
  name: 'Belgrade Civic Days',
  slug: 'belgrade-civic-days',
  timeZone: 'Europe/Belgrade',
  startsOn: '2027-03-27',
  endsOn: '2027-03-29',
};

const WEBINAR = {
  kind: 'webinar',
  title: 'Defending civic space',
  startsAt: '2027-03-28T01:30',
  endsAt: '2027-03-28T03:30',
  timeZone: 'Europe/Belgrade',
  format: 'virtual',
  languages: ['en', 'sr'],
};

/**
 * The organiser console over HTTP on the real server and PostgreSQL, and
 * rooms over real Socket.IO and mediasoup: the first organiser, events,
 * topics and sessions, roles by email that decide who joins as what, drafts
 * unseen, other events' ids refused, and roles that change live.
 */
describe('organiser console and roles (real server, database, media)', () => {
  let platform: TestPlatform;
  let olga: HttpBrowser;
  let event: EventSummary;
  let session: ConsoleSession;
  const sockets: TestSocket[] = [];
  const connect = async (name: string, options: { token?: string } = {}) => {
    const socket = await connectClient(platform.url, name, options);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    olga = new HttpBrowser(platform.url);
    await olga.refreshCsrf();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('makes the first organiser through the first-run screen, with the code from the data directory, once', async () => {
    expect((await olga.call('GET', '/api/console/first-run')).body).toEqual({ isNeeded: true });
    const codeFile = path.join(platform.dataDir, 'setup-code');
    expect((await stat(codeFile)).mode & 0o777).toBe(0o600);
    const code = (await readFile(codeFile, 'utf8')).trim();

    // Nobody can read mail yet: the first organiser's account is made here, with the code as proof.
    const account = { email: 'olga@example.org', password: 'Olga has a long passphrase', displayName: 'Olga' };
    const noAccount = await olga.call('POST', '/api/console/first-run', { setupCode: code, event: EVENT });
    expect([noAccount.status, errorCode(noAccount)]).toEqual([401, 'UNAUTHENTICATED']);
    const wrong = await olga.call('POST', '/api/console/first-run', { setupCode: 'guess', account, event: EVENT });
    expect([wrong.status, errorCode(wrong)]).toEqual([403, 'FORBIDDEN']);
    const bare = await olga.call('POST', '/api/console/first-run', { setupCode: code, account, event: EVENT }, { withCsrf: false });
    expect([bare.status, errorCode(bare)]).toEqual([403, 'STALE_PAGE']);
    expect(await platform.db.prisma.event.count({ where: { slug: EVENT.slug } })).toBe(0);
    expect(await platform.db.prisma.account.count({ where: { email: account.email } })).toBe(0);

    const created = await olga.call('POST', '/api/console/first-run', { setupCode: code, account, event: EVENT });
    expect(created.status).toBe(201);
    // Signed in as the new organiser, whose address counts as confirmed.
    await olga.refreshCsrf();
    expect((await olga.call('GET', '/api/account/me')).body).toMatchObject({ email: 'olga@example.org', emailVerified: true });
    event = created.body as unknown as EventSummary;
    expect(event).toMatchObject({ slug: EVENT.slug, status: 'draft' });
    // The code is spent; nobody else becomes the first organiser.
    await expect(stat(codeFile)).rejects.toThrow();
    const eve = await signedUpBrowser(platform, 'eve@example.org', 'Eve');
    const late = await eve.call('POST', '/api/console/first-run', { setupCode: code, event: { ...EVENT, slug: 'other' } });
    expect([late.status, errorCode(late)]).toEqual([409, 'CONFLICT']);

    // Olga organises her event and the demo edition nobody organised.
    const overview = (await olga.call('GET', '/api/console/events')).body as unknown as ConsoleOverview;
    expect(overview.events.map((held) => [held.event.slug, held.role]).sort()).toEqual([
      ['belgrade-civic-days', 'organiser'],
      ['icsw-2020-21', 'organiser'],
    ]);
    // She runs the platform: she reads the outbox; Eve, with no role, sees nothing.
    expect(overview.isAdmin).toBe(true);
    expect((await eve.call('GET', '/api/console/events')).body).toEqual({ events: [], isAdmin: false });
    expect(errorCode(await eve.call('GET', '/api/console/outbox'))).toBe('FORBIDDEN');
  });

  it('creates a topic and a session; a time the clocks skip is refused, field errors say where', async () => {
    const topic = (await olga.call('POST', `/api/console/events/${event.id}/topics`, { name: 'Civic space' })).body as unknown as TopicSummary;
    // 2027-03-28 02:30 does not exist in Belgrade: the clocks go from 02:00 to 03:00.
    const skipped = await olga.call('POST', `/api/console/events/${event.id}/sessions`, { ...WEBINAR, startsAt: '2027-03-28T02:30', topicId: topic.id });
    expect([skipped.status, errorCode(skipped)]).toEqual([400, 'INVALID_PAYLOAD']);
    const backwards = await olga.call('POST', `/api/console/events/${event.id}/sessions`, { ...WEBINAR, endsAt: '2027-03-28T01:00' });
    expect((backwards.body.error as { message: string }).message).toContain('endsAt');

    const created = await olga.call('POST', `/api/console/events/${event.id}/sessions`, { ...WEBINAR, topicId: topic.id });
    expect(created.status).toBe(201);
    session = created.body as unknown as ConsoleSession;
    // Across the change to summer time: 01:30 CET is 00:30 UTC, 03:30 CEST is 01:30 UTC.
    expect(session).toMatchObject({
      startsAt: '2027-03-28T00:30:00.000Z',
      endsAt: '2027-03-28T01:30:00.000Z',
      startsAtLocal: '2027-03-28T01:30',
      endsAtLocal: '2027-03-28T03:30',
      status: 'draft',
      topic: { name: 'Civic space' },
    });
    expect(session.roomId).toMatch(/^defending-civic-space-[0-9a-f]{6}$/);
    const page = (await olga.call('GET', `/api/console/events/${event.id}/sessions`)).body as unknown as ConsolePage<ConsoleSession>;
    expect(page).toMatchObject({ total: 1, next: null });
  });

  it('keeps people and partners, their pictures checked and re-encoded, and names them on sessions of their own event only', async () => {
    const base = `/api/console/events/${event.id}`;
    const person = (await olga.call('POST', `${base}/people`, { name: 'Jelena Petrović', pronouns: 'she/her', country: 'rs' })).body as unknown as PersonSummary;
    expect(person).toMatchObject({ name: 'Jelena Petrović', country: 'RS', photoUrl: null });
    const badLink = await olga.call('POST', `${base}/partners`, { name: 'Civic Lab', link: 'javascript:alert(1)' });
    expect([badLink.status, errorCode(badLink)]).toEqual([400, 'INVALID_PAYLOAD']);
    const partner = (await olga.call('POST', `${base}/partners`, { name: 'Civic Lab', link: 'https://civiclab.example' })).body as unknown as PartnerSummary;

    // A camera's photo, with where it was taken: kept as a smaller WebP without it.
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#468' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Jelena', Copyright: 'Novi Sad, 45.2671 N 19.8335 E' } })
      .toBuffer();
    const uploaded = await olga.upload(`${base}/people/${person.id}/photo`, photo, 'image/jpeg');
    expect(uploaded.status).toBe(200);
    const photoUrl = (uploaded.body as unknown as PersonSummary).photoUrl!;
    expect(photoUrl).toMatch(/^\/api\/images\/[0-9a-f-]{36}\.webp$/);
    const served = await fetch(`${platform.url}${photoUrl}`);
    expect([served.status, served.headers.get('content-type'), served.headers.get('x-content-type-options')]).toEqual([200, 'image/webp', 'nosniff']);
    const servedBytes = Buffer.from(await served.arrayBuffer());
    expect(servedBytes.includes(Buffer.from('Novi Sad'))).toBe(false);
    expect(await sharp(servedBytes).metadata()).toMatchObject({ format: 'webp', width: 800, height: 600 });

    // Not an image, too large, or without the CSRF token: refused with its code, the photo as it was.
    const text = await olga.upload(`${base}/people/${person.id}/photo`, Buffer.from('<svg onload="alert(1)"/>'), 'image/png');
    expect([text.status, errorCode(text)]).toEqual([400, 'INVALID_PAYLOAD']);
    const huge = await olga.upload(`${base}/people/${person.id}/photo`, Buffer.alloc(MAX_IMAGE_BYTES + 1), 'image/jpeg');
    expect([huge.status, errorCode(huge)]).toEqual([413, 'TOO_LARGE']);
    const bare = await olga.upload(`${base}/people/${person.id}/photo`, photo, 'image/jpeg', { withCsrf: false });
    expect([bare.status, errorCode(bare)]).toEqual([403, 'STALE_PAGE']);
    expect((await platform.db.prisma.person.findUniqueOrThrow({ where: { id: person.id } })).photoFile).toBe(photoUrl.split('/').pop());

    // A new photo replaces the old, whose file goes.
    const logo = await sharp({ create: { width: 300, height: 100, channels: 4, background: '#0000' } }).png().toBuffer();
    expect((await olga.upload(`${base}/partners/${partner.id}/logo`, logo, 'image/png')).status).toBe(200);
    const replaced = await olga.upload(`${base}/people/${person.id}/photo`, logo, 'image/png');
    expect((replaced.body as unknown as PersonSummary).photoUrl).not.toBe(photoUrl);
    expect((await fetch(`${platform.url}${photoUrl}`)).status).toBe(404);

    // Named on a session, in order; someone from another event is not found.
    const demo = (await platform.db.prisma.event.findUniqueOrThrow({ where: { slug: 'icsw-2020-21' } })).id;
    const stranger = (await platform.db.prisma.person.findFirstOrThrow({ where: { eventId: demo } })).id;
    const foreign = await olga.call('POST', `${base}/sessions/${session.id}`, { ...WEBINAR, people: [{ personId: stranger, role: 'speaker' }] });
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect(errorCode(await olga.call('POST', `${base}/people/${stranger}`, { name: 'Renamed' }))).toBe('NOT_FOUND');
    const named = await olga.call('POST', `${base}/sessions/${session.id}`, {
      ...WEBINAR,
      people: [{ personId: person.id, role: 'speaker' }],
      partnerIds: [partner.id],
    });
    expect(named.body).toMatchObject({ people: [{ name: 'Jelena Petrović', role: 'speaker' }], partners: [{ name: 'Civic Lab' }] });
    // Saved again without them (an older client): they stay.
    const kept = await olga.call('POST', `${base}/sessions/${session.id}`, WEBINAR);
    expect((kept.body as unknown as ConsoleSession).people).toHaveLength(1);
    const found = (await olga.call('GET', `${base}/people?q=PETRO`)).body as unknown as ConsolePage<PersonSummary>;
    expect(found.items.map((item) => item.name)).toEqual(['Jelena Petrović']);

    // Deleted: out of the session, and their photo with them.
    const currentPhoto = (replaced.body as unknown as PersonSummary).photoUrl!;
    expect((await olga.call('POST', `${base}/people/${person.id}/delete`, {})).status).toBe(200);
    expect((await fetch(`${platform.url}${currentPhoto}`)).status).toBe(404);
    expect(((await olga.call('GET', `${base}/sessions/${session.id}`)).body as unknown as ConsoleSession).people).toEqual([]);
  });

  it('refuses another event’s ids, people without the organiser role, and requests without the CSRF token', async () => {
    const demo = (await platform.db.prisma.event.findUniqueOrThrow({ where: { slug: 'icsw-2020-21' } })).id;
    const demoSession = (await platform.db.prisma.session.findFirstOrThrow({ where: { eventId: demo } })).id;
    // A session of the demo edition, asked for through Olga's other event: not found.
    expect(errorCode(await olga.call('GET', `/api/console/events/${event.id}/sessions/${demoSession}`))).toBe('NOT_FOUND');
    expect(errorCode(await olga.call('POST', `/api/console/events/${event.id}/sessions/${demoSession}/status`, { status: 'draft' }))).toBe(
      'NOT_FOUND',
    );
    expect((await platform.db.prisma.session.findUniqueOrThrow({ where: { id: demoSession } })).status).toBe('published');

    expect((await olga.call('POST', `/api/console/events/${event.id}/grants`, { email: 'dana@example.org', role: 'delegate' })).status).toBe(201);
    const dana = await signedUpBrowser(platform, 'dana@example.org', 'Dana');
    const asDelegate = await dana.call('POST', `/api/console/events/${event.id}/sessions`, { ...WEBINAR, title: 'Mine now' });
    expect([asDelegate.status, errorCode(asDelegate)]).toEqual([403, 'FORBIDDEN']);
    expect(errorCode(await dana.call('GET', `/api/console/events/${event.id}/grants`))).toBe('FORBIDDEN');
    // A delegate of a draft event does not see it listed, nor its drafts.
    expect(((await dana.call('GET', '/api/console/events')).body as unknown as ConsoleOverview).events).toEqual([]);
    // Someone without a role there is told there is no such event (drafts stay unseen).
    const stranger = await signedUpBrowser(platform, 'sol@example.org', 'Sol');
    expect(errorCode(await stranger.call('GET', `/api/console/events/${event.id}`))).toBe('NOT_FOUND');
    const anonymous = new HttpBrowser(platform.url);
    expect(errorCode(await anonymous.call('GET', `/api/console/events/${event.id}`))).toBe('UNAUTHENTICATED');

    const bare = await olga.call('POST', `/api/console/events/${event.id}/topics`, { name: 'Unwanted' }, { withCsrf: false });
    expect([bare.status, errorCode(bare)]).toEqual([403, 'STALE_PAGE']);
    expect(await platform.db.prisma.topic.count({ where: { eventId: event.id } })).toBe(1);
    // An organiser does not demote themselves by a slip.
    const self = await olga.call('POST', `/api/console/events/${event.id}/grants`, { email: 'olga@example.org', role: 'delegate' });
    expect(errorCode(self)).toBe('CONFLICT');
  });

  it('gives an account the library’s organiser view of every session it moderates, from any tab', async () => {
    const library = async (token: string) =>
      (await (await fetch(`${platform.url}/api/recordings`, { headers: { authorization: `Bearer ${token}` } })).json()) as RecordingListResponse;
    // Olga organises her event and the demo edition: each of their sessions' rooms, with no room joined first.
    const demoRooms = await platform.db.prisma.session.findMany({ where: { event: { slug: 'icsw-2020-21' }, roomId: { not: null } }, select: { roomId: true } });
    const organised = (await library(await accountToken(olga))).viewer.organises;
    expect(organised).toEqual(expect.arrayContaining([session.roomId, ...demoRooms.map((row) => row.roomId)]));
    // Dana, a delegate, manages nothing.
    const dana = await signedUpBrowser(platform, 'dana.library@example.org', 'Dana');
    expect((await library(await accountToken(dana))).viewer.organises).toEqual([]);
    // Mo moderates the event: its published sessions, never a draft's (the session is still one).
    expect((await olga.call('POST', `/api/console/events/${event.id}/grants`, { email: 'mo.library@example.org', role: 'moderator' })).status).toBe(201);
    const mo = await signedUpBrowser(platform, 'mo.library@example.org', 'Mo');
    expect((await library(await accountToken(mo))).viewer.organises).not.toContain(session.roomId);
  });

  it('keeps a draft’s room to organisers, and a session that requires an account to accounts', async () => {
    const roomId = session.roomId as RoomId;
    const guest = await connect('Guest');
    expect(await request(guest, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Its page says no more than joining does: not found, but to its organisers.
    expect((await new HttpBrowser(platform.url).call('GET', `/api/rooms/${roomId}`)).status).toBe(404);
    expect((await olga.call('GET', `/api/rooms/${roomId}`)).body).toMatchObject({ id: roomId, title: 'Defending civic space' });
    const dana = await signedUpBrowser(platform, 'dana2@example.org', 'Dana Two');
    expect((await olga.call('POST', `/api/console/events/${event.id}/grants`, { email: 'dana2@example.org', role: 'delegate' })).status).toBe(201);
    const delegate = await connect('Dana Two', { token: await accountToken(dana, roomId) });
    expect(await request(delegate, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const organiser = await connect('Olga', { token: await accountToken(olga, roomId) });
    expect(expectOk(await request(organiser, 'room:join', { roomId })).self).toMatchObject({ role: 'moderator', displayName: 'Olga' });
    expectOk(await request(organiser, 'room:leave', {}));

    expect((await olga.call('POST', `/api/console/events/${event.id}/status`, { status: 'published' })).status).toBe(200);
    expect((await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/status`, { status: 'published' })).status).toBe(200);
    expect(expectOk(await request(guest, 'room:join', { roomId })).self.role).toBe('participant');
    expectOk(await request(guest, 'room:leave', {}));

    const edited = await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}`, { ...WEBINAR, requiresAccount: true });
    expect(edited.body).toMatchObject({ requiresAccount: true });
    const otherGuest = await connect('Another guest');
    expect(await request(otherGuest, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_REQUIRED' } });
    expect(expectOk(await request(delegate, 'room:join', { roomId })).self.role).toBe('participant');
    // A guest with the session's own invitation link still comes in.
    const withLink = await connectClient(platform.url, 'Invited guest', { invitation: await platform.invite(roomId, 'participant') });
    sockets.push(withLink);
    expect(expectOk(await request(withLink, 'room:join', { roomId })).self.role).toBe('participant');
  });

  it('demotes a speaker on stage at once: their tracks close on the server before the organiser is answered, with no rejoin', async () => {
    const roomId = session.roomId as RoomId;
    const sam = await signedUpBrowser(platform, 'sam@example.org', 'Sam');
    // Named before signing in, as organisers do: the grant waits for the confirmed address.
    expect((await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/grants`, { email: 'sam@example.org', role: 'speaker' })).status).toBe(201);
    const speaker = await connect('Sam', { token: await accountToken(sam, roomId) });
    const joined = expectOk(await request(speaker, 'room:join', { roomId }));
    expect(joined.self).toMatchObject({ role: 'speaker', seat: 'stage' });
    // The session asks for an account now: the viewer comes with the session's link.
    const viewer = await connectClient(platform.url, 'Viewer', { invitation: await platform.invite(roomId, 'participant') });
    sockets.push(viewer);
    expectOk(await request(viewer, 'room:join', { roomId }));
    const transport = expectOk(await request(speaker, 'transport:create', { direction: 'send' }));
    const { producerId } = expectOk(
      await request(speaker, 'media:produce', { transportId: transport.id, kind: 'audio', source: 'microphone', rtpParameters: OPUS_MICROPHONE }),
    );
    const samPeer = () => platform.app.registry.get(roomId)!.peer(joined.self.peerId);
    expect(samPeer().producerInfos()).toHaveLength(1);

    const closed = nextEvent(viewer, 'producer:closed');
    const roleChanged = nextEvent(speaker, 'role:changed');
    const started = performance.now();
    const revoked = await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/grants/revoke`, { email: 'sam@example.org' });
    const answeredMs = performance.now() - started;
    expect(revoked.status).toBe(200);
    // Applied before the answer: no track of Sam's is left on the server, whatever the machine's speed.
    expect(samPeer().producerInfos()).toEqual([]);
    expect(samPeer().role).toBe('participant');
    expect(await closed).toEqual({ peerId: joined.self.peerId, producerId });
    const view: RoomJoined = await roleChanged;
    expect(view.self).toMatchObject({ peerId: joined.self.peerId, role: 'participant', seat: 'audience' });
    // The audience's view: no moderator's lists, and sending is refused.
    expect(view.removed).toEqual([]);
    expect(await request(speaker, 'transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    console.info(`speaker demoted: tracks closed before the organiser's answer, ${answeredMs.toFixed(0)} ms after asking`);

    // Promoted again: invited to the stage (nobody's camera starts by itself), and a moderator's channels once a moderator.
    const invited = nextEvent(speaker, 'stage:invited');
    const promoted = nextEvent(speaker, 'role:changed');
    await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/grants`, { email: 'sam@example.org', role: 'speaker' });
    expect(await invited).toEqual({ by: '' });
    expect((await promoted).self).toMatchObject({ role: 'speaker', seat: 'audience', isInvitedToStage: true });
    expect(samPeer().role).toBe('speaker');
    const asModerator = nextEvent(speaker, 'role:changed');
    await olga.call('POST', `/api/console/events/${event.id}/grants`, { email: 'sam@example.org', role: 'moderator' });
    expect((await asModerator).self.role).toBe('moderator');
    expectOk(await request(speaker, 'audit:list', {}));
  });

  it('keeps someone a moderator removed out, under the same account, whatever identity they come back with', async () => {
    const roomId = session.roomId as RoomId;
    const rita = await signedUpBrowser(platform, 'rita@example.org', 'Rita');
    const first = await connect('Rita', { token: await accountToken(rita, roomId) });
    const joined = expectOk(await request(first, 'room:join', { roomId }));
    const organiser = await connect('Olga', { token: await accountToken(olga, roomId) });
    expectOk(await request(organiser, 'room:join', { roomId }));
    expectOk(await request(organiser, 'moderation:remove', { peerId: joined.self.peerId }));
    const again = await connect('Rita', { token: await accountToken(rita, roomId) });
    expect(await request(again, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // An account's identity for another session, or the library's, carries another user id: it is not let in here at all.
    const sideways = await connect('Rita', { token: await accountToken(rita) });
    expect(await request(sideways, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    // A room in use is not deleted (what was said there is people's own): it is unpublished instead.
    const deleting = await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/delete`, {});
    expect([deleting.status, errorCode(deleting)]).toEqual([409, 'CONFLICT']);
    expect(await platform.db.prisma.session.count({ where: { id: session.id } })).toBe(1);
  });

  it('mints, lists and revokes invitation links for guests in the console; a revoked speaker link’s holder loses the role at once', async () => {
    const roomId = session.roomId as RoomId;
    const links = `/api/console/events/${event.id}/sessions/${session.id}/invitations`;
    const created = await olga.call('POST', links, { role: 'speaker', expiresInHours: 8 });
    expect(created.status).toBe(201);
    const { url, invitation } = created.body as unknown as InvitationCreated;
    expect(invitation).toMatchObject({ role: 'speaker', createdBy: 'Olga', status: 'active', uses: 0 });
    const token = new URL(url).searchParams.get('invite')!;
    const guest = await connectClient(platform.url, 'Guest speaker', { invitation: token });
    sockets.push(guest);
    expect(expectOk(await request(guest, 'room:join', { roomId })).self).toMatchObject({ role: 'speaker', seat: 'stage' });
    const listed = (await olga.call('GET', links)).body as unknown as InvitationList;
    expect(listed.invitations.find((entry) => entry.invitationId === invitation.invitationId)).toMatchObject({ uses: 1 });

    // Someone who is not the event's organiser neither lists nor mints.
    const dana = await signedUpBrowser(platform, 'dana3@example.org', 'Dana Three');
    expect(errorCode(await dana.call('GET', links))).toBe('NOT_FOUND');
    expect(errorCode(await dana.call('POST', links, { role: 'moderator' }))).toBe('NOT_FOUND');
    expect(errorCode(await olga.call('POST', links, { role: 'owner' }))).toBe('INVALID_PAYLOAD');

    const closed = nextEvent(guest, 'room:closed');
    const revoked = await olga.call('POST', `${links}/${invitation.invitationId}/revoke`, {});
    expect(revoked.body).toMatchObject({ invitationId: invitation.invitationId, status: 'revoked' });
    expect(await closed).toMatchObject({ reason: 'invitation-revoked', rejoin: true });
  });

  it('ends an account’s identities when it signs out everywhere, and moves its roles with its address', async () => {
    const roomId = session.roomId as RoomId;
    const tom = await signedUpBrowser(platform, 'tom@example.org', 'Tom');
    expect((await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/grants`, { email: 'tom@example.org', role: 'moderator' })).status).toBe(201);
    const stale = await accountToken(tom, roomId);
    expect((await tom.call('POST', '/api/account/sign-out-everywhere', {})).status).toBe(200);
    const left = await connect('Tom', { token: stale });
    expect(await request(left, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    const back = await signedUpBrowser(platform, 'una@example.org', 'Una');
    expect((await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/grants`, { email: 'una@example.org', role: 'speaker' })).status).toBe(201);
    expect((await back.call('POST', '/api/account/email', { email: 'una.new@example.org', password: 'Una has a long passphrase' })).status).toBe(202);
    const mail = await platform.db.prisma.outboxMessage.findFirstOrThrow({ where: { to: 'una.new@example.org' } });
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    expect((await back.call('POST', '/api/account/email/confirm', { token })).status).toBe(200);
    // The role followed the person; nobody signing up with the old address inherits it.
    expect(await platform.db.prisma.sessionGrant.findMany({ where: { sessionId: session.id, email: { startsWith: 'una' } }, select: { email: true, role: true } })).toEqual([
      { email: 'una.new@example.org', role: 'speaker' },
    ]);
    const speaker = await connect('Una', { token: await accountToken(back, roomId) });
    expect(expectOk(await request(speaker, 'room:join', { roomId })).self.role).toBe('speaker');
    expect(platform.loggedErrors()).toEqual([]);
  });
  it('empties the room of all but its organisers when the session is unpublished', async () => {
    const roomId = session.roomId as RoomId;
    const organiser = await connect('Olga', { token: await accountToken(olga, roomId) });
    expectOk(await request(organiser, 'room:join', { roomId }));
    const vera = await signedUpBrowser(platform, 'vera@example.org', 'Vera');
    const participant = await connect('Vera', { token: await accountToken(vera, roomId) });
    expectOk(await request(participant, 'room:join', { roomId }));
    const closed = nextEvent(participant, 'room:closed');
    expect((await olga.call('POST', `/api/console/events/${event.id}/sessions/${session.id}/status`, { status: 'draft' })).status).toBe(200);
    expect(await closed).toMatchObject({ reason: 'unpublished', rejoin: false });
    // The organiser is still there, and nobody else may come in.
    expect(platform.app.registry.get(roomId)?.peerList().map((peer) => peer.identity.displayName)).toEqual(['Olga']);
    expect(await request(participant, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(platform.loggedErrors()).toEqual([]);
  });
  it('keeps an event an organiser when two organisers take each other’s role at once', async () => {
    expect((await olga.call('POST', `/api/console/events/${event.id}/grants`, { email: 'pia@example.org', role: 'organiser' })).status).toBe(201);
    const pia = await signedUpBrowser(platform, 'pia@example.org', 'Pia');
    const answers = await Promise.all([
      olga.call('POST', `/api/console/events/${event.id}/grants/revoke`, { email: 'pia@example.org' }),
      pia.call('POST', `/api/console/events/${event.id}/grants/revoke`, { email: 'olga@example.org' }),
    ]);
    // One of the two went first; the other was refused (it would have left nobody, or its maker organises no more).
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.map((answer) => errorCode(answer)).filter(Boolean)).toHaveLength(1);
    expect(await platform.db.prisma.eventGrant.count({ where: { eventId: event.id, role: 'organiser' } })).toBe(1);
  });
});
