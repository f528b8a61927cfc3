import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRoomId } from '../../shared/ids.js';
import type { RecordingDetail, RecordingListResponse, RecordingSummary } from '../../shared/recordings.js';
import type { RecordedEntry, TimelineEntry } from '../../shared/timeline.js';
import { createTokenService, type TokenService } from '../auth/tokens.js';
import { openDatabase, type Database } from '../db/database.js';
import { createInvitationRepository } from '../db/invitationRepository.js';
import { createLibraryRepository } from '../db/libraryRepository.js';
import { createRecordingRepository } from '../db/recordingRepository.js';
import { createRoomControlRepository } from '../db/roomControlRepository.js';
import { AccountService } from '../accounts/accountService.js';
import { createOutbox } from '../mail/outbox.js';
import { createGrantRepository } from '../programme/grantRepository.js';
import { createDirectoryRepository } from '../console/directoryRepository.js';
import { createImageStore } from '../images/imageStore.js';
import { createOrganiserRepository } from '../console/organiserRepository.js';
import { createSetupCode } from '../console/setupCode.js';
import { createProgrammeRepository } from '../programme/programmeRepository.js';
import { createRoomRepository } from '../db/roomRepository.js';
import { createInvitationStore, type InvitationStore } from '../invitations/invitationStore.js';
import { CAPTIONS_FILE, PACKAGE_FILES } from '../recording/recordingFiles.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { createHttpApp } from './routes.js';
import { createRegistrationRepository } from '../registration/registrationRepository.js';
import { createRegistrationConsoleRepository } from '../console/registrationConsoleRepository.js';
import { createCallRepository } from '../calls/callRepository.js';
import { createMailingListRepository } from '../mailing/mailingListRepository.js';
import { createMemberLinks } from '../mailing/memberLinks.js';
import { createAgendaRepository } from '../registration/agendaRepository.js';

const run = promisify(execFile);
const logger = pino({ level: 'silent' });
const SECRET = 's'.repeat(32);
/** Put next to the recordings directory: no response may ever contain it. */
const SENTINEL = `SENTINEL-${randomUUID()}`;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = unknown>(): T;
}

/** Every body the server sent during the run, to prove the sentinel never left the disk. */
const everyBody: Buffer[] = [];

/** A request with the path sent exactly as written (fetch would normalise `..` and `%2e`). */
function send(
  port: number,
  rawPath: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        everyBody.push(body);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Tiny real media, made the way packaging makes it: VP8 + Opus WebM, Opus-only WebM, a JPEG. */
async function makeMedia(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'package'), { recursive: true });
  const lavfi = ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...lavfi, '-t', '2', '-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus', path.join(dir, PACKAGE_FILES.video)]);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '2', '-c:a', 'libopus', path.join(dir, PACKAGE_FILES.audio)]);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120', '-frames:v', '1', path.join(dir, PACKAGE_FILES.thumbnail)]);
}

describe('the catch-up library API', () => {
  let tmp: string;
  let recordingsDir: string;
  let testDatabase: TestDatabase;
  let db: Database;
  let tokens: TokenService;
  let invitations: InvitationStore;
  let server: Server;
  let port: number;
  const get = (rawPath: string, headers: Record<string, string> = {}) => send(port, rawPath, { headers });

  // Identities: nobody, a registered participant, a moderator of each room.
  const who: Record<'registered' | 'elsewhere' | 'guest' | 'organiser' | 'otherOrganiser', string> = {
    registered: '',
    elsewhere: '',
    guest: '',
    organiser: '',
    otherOrganiser: '',
  };
  /** An identity from a moderator link minted through the store (as every link people get), and the link's id. */
  const moderatorWithLink = async (roomId: string, displayName: string) => {
    const minted = await invitations.mint({ roomId: asRoomId(roomId), role: 'moderator', by: { userId: null, displayName: 'test' } });
    const invitation = await invitations.redeem(new URL(minted.url).searchParams.get('invite')!);
    return { token: (await tokens.issue({ displayName, invitation })).token, invitationId: invitation.invitationId };
  };
  const moderatorOf = async (roomId: string) => (await moderatorWithLink(roomId, `Mod of ${roomId}`)).token;

  const ids = {
    /** people-power: public, complete, packaged; with media, a timeline and chapters. */
    publicOne: randomUUID(),
    /** people-power: registered people, partial (interrupted), packaged. */
    registeredOne: randomUUID(),
    /** climate-talks: organisers only. */
    organisersOne: randomUUID(),
    /** people-power: public, but still packaging. */
    packaging: randomUUID(),
    /** people-power: packaging gave up. */
    packageFailed: randomUUID(),
    /** evil-room: public, with file names (as if a row had been tampered with) that lead out of its directory. */
    tampered: randomUUID(),
    /** evil-room: public, its directory a symlink to elsewhere. */
    symlinkedDir: randomUUID(),
    /** people-power: made public by the organisers' test, then narrowed. */
    narrowed: randomUUID(),
  };
  const messageId = randomUUID();
  /** As stored: the chat message by id only (its words are in its row). */
  const recorded: RecordedEntry[] = [
    { at: 0, kind: 'stage-joined', peerId: 'a0000000-0000-4000-8000-000000000001', displayName: 'Amina' } as RecordedEntry,
    { at: 500, kind: 'chapter', title: 'Welcome' },
    { at: 800, kind: 'chat', messageId },
    { at: 1500, kind: 'chapter', title: 'Questions' },
  ];
  /** As the replay shows it. */
  const timeline: TimelineEntry[] = [
    recorded[0] as TimelineEntry,
    { at: 500, kind: 'chapter', title: 'Welcome' },
    { at: 800, kind: 'chat', messageId, author: 'Pat', body: 'Hello from Nairobi' },
    { at: 1500, kind: 'chapter', title: 'Questions' },
  ];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-library-'));
    recordingsDir = path.join(tmp, 'recordings');
    await mkdir(recordingsDir);
    await writeFile(path.join(tmp, 'secret.txt'), SENTINEL);
    testDatabase = await createTestDatabase();
    db = await openDatabase({ databaseUrl: testDatabase.url, dataDir: tmp, logger });
    tokens = createTokenService(SECRET);

    await db.prisma.room.createMany({
      data: [
        { id: 'people-power', title: 'People power: organising for change', description: 'How movements win', track: 'Democracy', language: 'en' },
        { id: 'climate-talks', title: 'Climate finance', description: 'Who pays?', track: 'Climate', language: 'fr' },
        { id: 'evil-room', title: 'Evil', track: '', language: 'en' },
      ],
    });
    const base = { requestedAt: new Date('2026-11-01T00:00:00Z'), packageState: 'done', state: 'complete' };
    const day = (d: string) => new Date(`${d}T10:00:00Z`);
    await db.prisma.recording.createMany({
      data: [
        { ...base, id: ids.publicOne, roomId: 'people-power', access: 'public', startedAt: day('2026-11-20'), endedAt: new Date('2026-11-20T11:00:00Z'), durationMs: 2000, speakers: ['Amina Diallo', 'Sara Ruiz'], videoFile: PACKAGE_FILES.video, audioFile: PACKAGE_FILES.audio, thumbnailFile: PACKAGE_FILES.thumbnail },
        { ...base, id: ids.registeredOne, roomId: 'people-power', access: 'registered', state: 'partial', startedAt: day('2026-11-22'), endedAt: day('2026-11-22'), speakers: ['Omar Haddad'], videoFile: PACKAGE_FILES.video, audioFile: PACKAGE_FILES.audio, thumbnailFile: PACKAGE_FILES.thumbnail },
        { ...base, id: ids.organisersOne, roomId: 'climate-talks', access: 'organisers', startedAt: day('2026-11-24'), endedAt: day('2026-11-24'), speakers: ['Li Wei'], videoFile: PACKAGE_FILES.video, audioFile: PACKAGE_FILES.audio, thumbnailFile: PACKAGE_FILES.thumbnail },
        { ...base, id: ids.packaging, roomId: 'people-power', access: 'public', startedAt: day('2026-11-25'), endedAt: day('2026-11-25'), packageState: 'running', packageProgress: 0.4, packageAttempts: 1, speakers: ['Hidden Speaker'] },
        { ...base, id: ids.packageFailed, roomId: 'people-power', access: 'public', startedAt: day('2026-11-26'), endedAt: day('2026-11-26'), packageState: 'failed', packageAttempts: 3, packageError: 'ffmpeg exited with code 1', packageRetryAt: day('2026-11-27') },
        { ...base, id: ids.tampered, roomId: 'evil-room', access: 'public', startedAt: day('2026-10-01'), videoFile: '../../secret.txt', audioFile: 'package/evil.webm', thumbnailFile: path.join(tmp, 'secret.txt'), captionsFile: '..\\..\\secret.txt' },
        { ...base, id: ids.symlinkedDir, roomId: 'evil-room', access: 'public', startedAt: day('2026-10-02'), videoFile: PACKAGE_FILES.video },
      ],
    });
    await db.prisma.chatMessage.create({
      data: { id: messageId, roomId: 'people-power', channel: 'room', authorId: 'u-pat', authorName: 'Pat', authorRole: 'participant', body: 'Hello from Nairobi' },
    });
    await createRecordingRepository(db.prisma).appendTimeline(ids.publicOne, 0, recorded);

    for (const id of [ids.publicOne, ids.registeredOne, ids.organisersOne]) await makeMedia(path.join(recordingsDir, id));
    // A symlink inside a recording's own directory that points at the sentinel.
    await mkdir(path.join(recordingsDir, ids.tampered, 'package'), { recursive: true });
    await symlink(path.join(tmp, 'secret.txt'), path.join(recordingsDir, ids.tampered, 'package', 'evil.webm'));
    // A recording directory that is itself a symlink to a directory outside.
    await mkdir(path.join(tmp, 'outside', 'package'), { recursive: true });
    await writeFile(path.join(tmp, 'outside', PACKAGE_FILES.video), SENTINEL);
    await symlink(path.join(tmp, 'outside'), path.join(recordingsDir, ids.symlinkedDir));

    invitations = createInvitationStore({
      tokens,
      repository: createInvitationRepository(db.prisma),
      limits: { maxHours: 72, moderatorHours: 24 },
      linkBase: () => 'http://127.0.0.1',
    });
    // Pat registered for the event whose session people-power is the room of; Gil, only for another event.
    const event = await db.prisma.event.create({
      data: { slug: 'icsw', name: 'ICSW', timeZone: 'UTC', startsOn: '2026-11-01', endsOn: '2026-11-30', status: 'published' },
    });
    const otherEvent = await db.prisma.event.create({
      data: { slug: 'elsewhere', name: 'Elsewhere', timeZone: 'UTC', startsOn: '2026-11-01', endsOn: '2026-11-30', status: 'published' },
    });
    const sessionOf = (eventId: string, roomId: string) => ({
      eventId, roomId, kind: 'webinar', title: roomId, startsAt: day('2026-11-20'), endsAt: day('2026-11-21'), timeZone: 'UTC', format: 'virtual', status: 'published',
    });
    await db.prisma.session.createMany({ data: [sessionOf(event.id, 'people-power'), sessionOf(otherEvent.id, 'climate-talks')] });
    const registeredAccount = async (displayName: string, eventId: string) => {
      const account = await db.prisma.account.create({
        data: {
          email: `${displayName.toLowerCase()}@example.org`,
          displayName,
          passwordHash: 'unusable',
          emailVerifiedAt: new Date(),
          // Signed in somewhere: an account signed out everywhere has no identity left.
          sessions: { create: { id: randomUUID(), expiresAt: new Date(Date.now() + 3_600_000) } },
          eventRegistrations: { create: { eventId, consentsToRecording: true } },
        },
      });
      return (await tokens.issueForAccount({ accountId: account.id, displayName, roomId: null })).token;
    };
    who.registered = await registeredAccount('Pat', event.id);
    who.elsewhere = await registeredAccount('Gil', otherEvent.id);
    who.guest = (await tokens.issue({ displayName: 'Ana' })).token;
    who.organiser = await moderatorOf('people-power');
    who.otherOrganiser = await moderatorOf('climate-talks');
    const heldMail = () => {
      const outbox = createOutbox(db.prisma, { isSending: false });
      return { write: outbox.write, written: outbox.wake };
    };
    const app = createHttpApp({
      logger,
      tokens,
      invitations,
      rooms: createRoomRepository(db.prisma),
      programme: createProgrammeRepository(db.prisma),
      grants: createGrantRepository(db.prisma),
      organiser: createOrganiserRepository(db.prisma),
      directory: createDirectoryRepository(db.prisma),
      registrationConsole: createRegistrationConsoleRepository(db.prisma),
      calls: createCallRepository(db.prisma),
      mailing: createMailingListRepository({ prisma: db.prisma, links: createMemberLinks('test'), ...heldMail(), linkBase: () => 'http://127.0.0.1' }),
      announcements: { send: () => undefined },
      decisions: {
        calls: createCallRepository(db.prisma),
        grants: createGrantRepository(db.prisma),
        organiser: createOrganiserRepository(db.prisma),
        outbox: createOutbox(db.prisma, { isSending: false }),
        rolesChanged: async () => undefined,
        linkBase: () => 'http://127.0.0.1',
      },
      images: createImageStore(path.join(tmp, 'images')),
      rolesChanged: async () => undefined,
      gatesChanged: async () => undefined,
      setupCode: createSetupCode(tmp),
      outbox: createOutbox(db.prisma, { isSending: false }),
      invitationRevoked: () => undefined,
      linkBase: () => 'http://127.0.0.1',
      accounts: new AccountService({
        prisma: db.prisma,
        outbox: createOutbox(db.prisma, { isSending: false }),
        logger,
        linkBase: () => 'http://127.0.0.1',
        guard: () => undefined,
      }),
      registrations: createRegistrationRepository({ prisma: db.prisma, ...heldMail(), linkBase: () => 'http://127.0.0.1' }),
      agendas: createAgendaRepository({ prisma: db.prisma, ...heldMail(), linkBase: () => 'http://127.0.0.1' }),
      csrfSecret: 'test-csrf-secret',
      secureCookies: false,
      controls: createRoomControlRepository(db.prisma),
      library: createLibraryRepository(db.prisma),
      recordings: createRecordingRepository(db.prisma),
      recordingsDir,
      readiness: [],
      // No budget on minting identities here (as when the platform runs without limits).
      identityBudget: () => Promise.resolve(null),
      trustedProxies: 0,
      isAccepting: () => true,
      clientDir: path.join(tmp, 'no-client'),
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    // Whatever happened above, no response ever carried a byte of the file outside the recordings directory.
    for (const body of everyBody) expect(body.includes(SENTINEL)).toBe(false);
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    await testDatabase?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  const listIds = async (query = '', headers: Record<string, string> = {}) => {
    const reply = await get(`/api/recordings${query}`, headers);
    expect(reply.status).toBe(200);
    return reply.json<RecordingListResponse>().recordings.map((recording) => recording.id);
  };

  describe('the list', () => {
    it('shows everyone the packaged public recordings, newest first, marking interrupted ones', async () => {
      expect(await listIds()).toEqual([ids.publicOne, ids.symlinkedDir, ids.tampered]);
      const registered = (await get('/api/recordings', bearer(who.registered))).json<RecordingListResponse>();
      expect(registered.recordings.map((r) => r.id)).toEqual([ids.registeredOne, ids.publicOne, ids.symlinkedDir, ids.tampered]);
      expect(registered.recordings[0]).toMatchObject({ isPartial: true, access: 'registered', canManage: false, speakers: ['Omar Haddad'] });
      expect(registered.recordings[0]).not.toHaveProperty('packaging');
      expect(registered.viewer).toEqual({ displayName: 'Pat', organises: [] });
      // Registered for another event, or a guest by name: the public ones only.
      for (const other of [who.elsewhere, who.guest]) {
        expect(await listIds('', bearer(other))).toEqual([ids.publicOne, ids.symlinkedDir, ids.tampered]);
      }
    });

    it("shows a room's organisers all its recordings, with packaging progress, and nobody else's private ones", async () => {
      const reply = (await get('/api/recordings', bearer(who.organiser))).json<RecordingListResponse>();
      expect(reply.recordings.map((r) => r.id)).toEqual([
        ids.packageFailed,
        ids.packaging,
        ids.registeredOne,
        ids.publicOne,
        ids.symlinkedDir,
        ids.tampered,
      ]);
      const byId = new Map(reply.recordings.map((r) => [r.id, r]));
      expect(byId.get(ids.packaging)?.packaging).toEqual({ recordingState: 'complete', state: 'running', progress: 0.4, attempts: 1, error: null, retryAt: null });
      expect(byId.get(ids.packageFailed)?.packaging).toMatchObject({ state: 'failed', error: 'ffmpeg exited with code 1', attempts: 3 });
      expect(byId.get(ids.publicOne)).toMatchObject({ canManage: true, isReady: true });
      expect(byId.get(ids.packaging)?.isReady).toBe(false);
      expect(byId.get(ids.tampered)?.canManage).toBe(false);
      expect(byId.get(ids.tampered)).not.toHaveProperty('packaging');

      const other = await listIds('', bearer(who.otherOrganiser));
      expect(other).toContain(ids.organisersOne);
      expect(other).not.toContain(ids.packaging);
    });

    it('searches titles, descriptions, speakers and tracks, whatever the case, and filters', async () => {
      const registered = bearer(who.registered);
      expect(await listIds('?q=ORGANISING', registered)).toEqual([ids.registeredOne, ids.publicOne]);
      expect(await listIds('?q=sara', registered)).toEqual([ids.publicOne]);
      expect(await listIds('?q=democracy%20amina', registered)).toEqual([ids.publicOne]);
      expect(await listIds('?q=movements', registered)).toEqual([ids.registeredOne, ids.publicOne]);
      // LIKE's wildcards are taken literally.
      expect(await listIds('?q=%25', registered)).toEqual([]);
      expect(await listIds('?q=_', registered)).toEqual([]);
      expect(await listIds('?speaker=omar%20haddad', registered)).toEqual([ids.registeredOne]);
      expect(await listIds('?speaker=Omar', registered)).toEqual([]);
      expect(await listIds('?track=democracy', registered)).toEqual([ids.registeredOne, ids.publicOne]);
      expect(await listIds('?language=fr', bearer(who.otherOrganiser))).toEqual([ids.organisersOne]);
      expect(await listIds('?from=2026-11-21&to=2026-11-22', registered)).toEqual([ids.registeredOne]);
      expect(await listIds('?to=2026-11-20', registered)).toEqual([ids.publicOne, ids.symlinkedDir, ids.tampered]);
      expect(await listIds('?q=nothing-like-this', registered)).toEqual([]);
    });

    it('pages, counts, and offers the filter values found among what the viewer may see', async () => {
      const reply = (await get('/api/recordings?limit=2&offset=1', bearer(who.registered))).json<RecordingListResponse>();
      expect(reply.recordings.map((r) => r.id)).toEqual([ids.publicOne, ids.symlinkedDir]);
      expect(reply.total).toBe(4);
      expect(reply.facets).toEqual({
        tracks: ['Democracy'],
        languages: ['en'],
        speakers: ['Amina Diallo', 'Omar Haddad', 'Sara Ruiz'],
      });
      const organiser = (await get('/api/recordings', bearer(who.organiser))).json<RecordingListResponse>();
      expect(organiser.facets.speakers).toContain('Hidden Speaker');
      expect((await get('/api/recordings')).json<RecordingListResponse>().facets.speakers).not.toContain('Hidden Speaker');
    });

    it('refuses malformed queries', async () => {
      for (const query of ['?from=yesterday', '?limit=0', '?limit=1000', '?from=2026-11-22&to=2026-11-21', `?q=${'x'.repeat(201)}`, '?q=a%00b']) {
        const reply = await get(`/api/recordings${query}`);
        expect(reply.status, query).toBe(400);
        expect(reply.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
      }
    });

    it('treats a forged or expired identity token as nobody', async () => {
      expect(await listIds('', bearer('forged.token.here'))).toEqual([ids.publicOne, ids.symlinkedDir, ids.tampered]);
    });
  });

  describe('one recording', () => {
    it('gives a public recording with its timeline, chapters, and token-free media and download URLs', async () => {
      const reply = await get(`/api/recordings/${ids.publicOne}`);
      expect(reply.status).toBe(200);
      const detail = reply.json<RecordingDetail>();
      expect(detail).toMatchObject({ id: ids.publicOne, title: 'People power: organising for change', track: 'Democracy', durationMs: 2000, isPartial: false });
      expect(detail.timeline).toEqual(timeline);
      expect(detail.chapters).toEqual([
        { at: 500, title: 'Welcome' },
        { at: 1500, title: 'Questions' },
      ]);
      expect(detail.media).toEqual({
        video: `/api/recordings/${ids.publicOne}/media/video`,
        audio: `/api/recordings/${ids.publicOne}/media/audio`,
        thumbnail: `/api/recordings/${ids.publicOne}/media/thumbnail`,
        captions: null,
      });
      expect(detail.downloads.video).toBe(`/api/recordings/${ids.publicOne}/media/video?download=1`);
      expect(detail.thumbnailUrl).toBe(detail.media.thumbnail);
    });

    it('asks nobody to sign in, lets registered people watch, and hands them media URLs with a token', async () => {
      expect((await get(`/api/recordings/${ids.registeredOne}`)).status).toBe(401);
      // A guest signs in (and registers); an account registered for another event registers for this one.
      expect((await get(`/api/recordings/${ids.registeredOne}`, bearer(who.guest))).status).toBe(401);
      expect((await get(`/api/recordings/${ids.registeredOne}`, bearer(who.elsewhere))).status).toBe(403);
      const reply = await get(`/api/recordings/${ids.registeredOne}`, bearer(who.registered));
      expect(reply.status).toBe(200);
      const detail = reply.json<RecordingDetail>();
      expect(detail.isPartial).toBe(true);
      expect(detail.media.video).toMatch(new RegExp(`^/api/recordings/${ids.registeredOne}/media/video\\?token=[\\w.-]+$`));
      expect(detail.downloads.audio).toMatch(/[?&]download=1/);
      // The URL works on its own, as <video src> uses it: no header.
      const video = await get(detail.media.video!);
      expect(video.status).toBe(200);
      expect(video.headers['content-type']).toBe('video/webm');
    });

    it("keeps an organisers' recording from everyone but its own room's moderators", async () => {
      const url = `/api/recordings/${ids.organisersOne}`;
      expect((await get(url)).status).toBe(401);
      expect((await get(url, bearer(who.registered))).status).toBe(403);
      const wrongRoom = await get(url, bearer(who.organiser));
      expect(wrongRoom.status).toBe(403);
      expect(wrongRoom.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(wrongRoom.body.includes('Li Wei')).toBe(false);
      const own = await get(url, bearer(who.otherOrganiser));
      expect(own.status).toBe(200);
      expect(own.json<RecordingDetail>().canManage).toBe(true);
    });

    it('no longer treats a moderator as an organiser once their invitation link was revoked', async () => {
      const url = `/api/recordings/${ids.organisersOne}`;
      const { token, invitationId } = await moderatorWithLink('climate-talks', 'Revoked Mod');
      expect((await get(url, bearer(token))).json<RecordingDetail>().canManage).toBe(true);
      await invitations.revoke(asRoomId('climate-talks'), invitationId);
      const after = await get(url, bearer(token));
      expect(after.status).toBe(403);
      expect(after.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    });

    it('does not tell that an unpackaged recording exists, except to its organisers', async () => {
      for (const headers of [{}, bearer(who.registered), bearer(who.otherOrganiser)]) {
        expect((await get(`/api/recordings/${ids.packaging}`, headers)).status).toBe(404);
      }
      const own = await get(`/api/recordings/${ids.packaging}`, bearer(who.organiser));
      expect(own.status).toBe(200);
      expect(own.json<RecordingDetail>()).toMatchObject({ packaging: { state: 'running', progress: 0.4 }, media: { video: null, audio: null } });
    });

    it('answers 404 for unknown or malformed ids', async () => {
      for (const id of [randomUUID(), 'not-a-uuid', '1', `${ids.publicOne}x`]) {
        const reply = await get(`/api/recordings/${id}`);
        expect(reply.status, id).toBe(404);
        expect(reply.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      }
    });
  });

  describe('media', () => {
    const media = (id: string, kind: string, query = '') => `/api/recordings/${id}/media/${kind}${query}`;

    it('serves each file with its type, ranges accepted, and cache headers', async () => {
      const expected = { video: 'video/webm', audio: 'audio/webm', thumbnail: 'image/jpeg' } as const;
      for (const [kind, type] of Object.entries(expected)) {
        const reply = await get(media(ids.publicOne, kind));
        expect(reply.status, kind).toBe(200);
        expect(reply.headers['content-type']).toBe(type);
        expect(reply.headers['accept-ranges']).toBe('bytes');
        // Revalidated at every use: once access is narrowed, no cache serves it on.
        expect(reply.headers['cache-control']).toBe('public, no-cache');
        expect(reply.headers['x-content-type-options']).toBe('nosniff');
        expect(reply.headers['etag']).toBeTruthy();
        const file = await readFile(path.join(recordingsDir, ids.publicOne, PACKAGE_FILES[kind as keyof typeof expected]));
        expect(reply.body.equals(file)).toBe(true);
      }
      const registered = await get(media(ids.registeredOne, 'video'), bearer(who.registered));
      expect(registered.headers['cache-control']).toBe('private, no-cache');
    });

    it('answers a range with 206 and exactly those bytes, a suffix range with the end, and an impossible one with 416', async () => {
      const file = await readFile(path.join(recordingsDir, ids.publicOne, PACKAGE_FILES.video));
      const first = await get(media(ids.publicOne, 'video'), { range: 'bytes=0-99' });
      expect(first.status).toBe(206);
      expect(first.headers['content-range']).toBe(`bytes 0-99/${file.length}`);
      expect(first.headers['content-length']).toBe('100');
      expect(first.body.equals(file.subarray(0, 100))).toBe(true);

      const middle = await get(media(ids.publicOne, 'video'), { range: 'bytes=1000-1499' });
      expect(middle.status).toBe(206);
      expect(middle.body.equals(file.subarray(1000, 1500))).toBe(true);

      const suffix = await get(media(ids.publicOne, 'video'), { range: 'bytes=-50' });
      expect(suffix.status).toBe(206);
      expect(suffix.headers['content-range']).toBe(`bytes ${file.length - 50}-${file.length - 1}/${file.length}`);
      expect(suffix.body.equals(file.subarray(file.length - 50))).toBe(true);

      const open = await get(media(ids.publicOne, 'video'), { range: `bytes=${file.length - 10}-` });
      expect(open.status).toBe(206);
      expect(open.body.equals(file.subarray(file.length - 10))).toBe(true);

      const beyond = await get(media(ids.publicOne, 'video'), { range: `bytes=${file.length}-` });
      expect(beyond.status).toBe(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${file.length}`);
    });

    it('serves downloads as attachments with a readable name', async () => {
      const video = await get(media(ids.publicOne, 'video', '?download=1'));
      expect(video.status).toBe(200);
      expect(video.headers['content-type']).toBe('video/webm');
      expect(video.headers['content-disposition']).toBe('attachment; filename="People power organising for change 2026-11-20.webm"');
      const audio = await get(media(ids.publicOne, 'audio', '?download=1'));
      expect(audio.headers['content-type']).toBe('audio/webm');
      expect(audio.headers['content-disposition']).toBe('attachment; filename="People power organising for change 2026-11-20 (audio only).webm"');
    });

    it('needs a valid media token for this very recording when it is not public', async () => {
      const detail = (await get(`/api/recordings/${ids.registeredOne}`, bearer(who.registered))).json<RecordingDetail>();
      const token = new URL(detail.media.video!, 'http://x').searchParams.get('token')!;
      expect((await get(media(ids.registeredOne, 'video', `?token=${token}`))).status).toBe(200);
      expect((await get(media(ids.registeredOne, 'video'))).status).toBe(401);
      expect((await get(media(ids.organisersOne, 'video'), bearer(who.organiser))).status).toBe(403);

      // Another recording's token, a forged one, an expired one, an identity token offered as one.
      const forged = await createTokenService('f'.repeat(32)).signMediaAccess(ids.organisersOne, 0);
      const expired = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(ids.organisersOne)
        .setIssuer('convene')
        .setAudience('media')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode(SECRET));
      for (const wrong of [token, forged, expired, who.otherOrganiser, 'garbage']) {
        const reply = await get(media(ids.organisersOne, 'video', `?token=${encodeURIComponent(wrong)}`));
        expect([403, 404]).toContain(reply.status);
        expect(reply.headers['content-type']).toMatch(/^application\/json/);
      }
      const own = (await get(`/api/recordings/${ids.organisersOne}`, bearer(who.otherOrganiser))).json<RecordingDetail>();
      expect((await get(own.media.video!)).status).toBe(200);
    });

    it('gives 404 for a kind that is not one, or a file the recording does not have', async () => {
      expect((await get(media(ids.publicOne, 'captions'))).status).toBe(404);
      expect((await get(media(ids.publicOne, 'segments'))).status).toBe(404);
      expect((await get(media(ids.packaging, 'video'), bearer(who.organiser))).status).toBe(404);
    });
  });

  describe('path traversal', () => {
    it('never follows a path from the request', async () => {
      const id = ids.publicOne;
      const attempts = [
        '/api/recordings/../../secret.txt',
        '/api/recordings/../../secret.txt/media/video',
        '/api/recordings/..%2F..%2Fsecret.txt/media/video',
        '/api/recordings/%2e%2e/media/video',
        '/api/recordings/%2e%2e%2f%2e%2e%2fsecret.txt/media/video',
        '/api/recordings/%252e%252e%252f%252e%252e%252fsecret.txt/media/video',
        '/api/recordings/..%5C..%5Csecret.txt/media/video',
        '/api/recordings/..\\..\\secret.txt/media/video',
        `/api/recordings/${encodeURIComponent(path.join(tmp, 'secret.txt'))}/media/video`,
        `/api/recordings/${id}%00/media/video`,
        `/api/recordings/${id}%00..%2F..%2Fsecret.txt/media/video`,
        `/api/recordings/${id}/media/video%00`,
        `/api/recordings/${id}/media/..%2F..%2F..%2Fsecret.txt`,
        `/api/recordings/${id}/media/%2e%2e%2f%2e%2e%2fsecret.txt`,
        `/api/recordings/${id}/media/%252e%252e%252fsecret.txt`,
        `/api/recordings/${id}/media/..%5C..%5Csecret.txt`,
        `/api/recordings/${id}/media/${encodeURIComponent(path.join(tmp, 'secret.txt'))}`,
        `/api/recordings/${id}/media/video/../../../../secret.txt`,
        `/api/recordings/${id}/media/video/..%2F..%2F..%2Fsecret.txt`,
        `/api/recordings/${ids.registeredOne}/media/video?token=../../secret.txt`,
        `/api/recordings/${ids.registeredOne}/media/video?token=${encodeURIComponent(path.join(tmp, 'secret.txt'))}`,
      ];
      for (const attempt of attempts) {
        const reply = await get(attempt);
        expect([403, 404], attempt).toContain(reply.status);
        expect(reply.body.includes(SENTINEL), attempt).toBe(false);
      }
    });

    it('serves nothing outside a recording directory, even when its row names such a file or a symlink leads out', async () => {
      for (const kind of ['video', 'audio', 'thumbnail', 'captions']) {
        const reply = await get(`/api/recordings/${ids.tampered}/media/${kind}`);
        expect(reply.status, kind).toBe(404);
        expect(reply.body.includes(SENTINEL)).toBe(false);
      }
      const reply = await get(`/api/recordings/${ids.symlinkedDir}/media/video`);
      expect(reply.status).toBe(404);
      expect(reply.body.includes(SENTINEL)).toBe(false);
    });
  });

  describe('what organisers do', () => {
    it("change who may watch (only the moderators of the recording's room)", async () => {
      const patch = (headers: Record<string, string>, body: unknown) =>
        send(port, `/api/recordings/${ids.registeredOne}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      expect((await patch({}, { access: 'public' })).status).toBe(401);
      expect((await patch(bearer(who.registered), { access: 'public' })).status).toBe(403);
      expect((await patch(bearer(who.otherOrganiser), { access: 'public' })).status).toBe(403);
      expect((await patch(bearer(who.organiser), { access: 'everyone' })).status).toBe(400);
      expect((await patch(bearer(who.organiser), { access: 'public', extra: 1 })).status).toBe(400);

      const changed = await patch(bearer(who.organiser), { access: 'public' });
      expect(changed.status).toBe(200);
      expect(changed.json<RecordingSummary>()).toMatchObject({ id: ids.registeredOne, access: 'public', canManage: true });
      expect(await listIds()).toContain(ids.registeredOne);
      expect((await get(`/api/recordings/${ids.registeredOne}/media/video`)).status).toBe(200);

      expect((await patch(bearer(who.organiser), { access: 'organisers' })).status).toBe(200);
      expect(await listIds('', bearer(who.registered))).not.toContain(ids.registeredOne);
      expect((await get(`/api/recordings/${ids.registeredOne}/media/video`)).status).toBe(401);
      expect((await patch(bearer(who.organiser), { access: 'registered' })).status).toBe(200);
    });

    it('narrow who may watch, and every media link handed out before stops working; new ones work for whoever may still watch', async () => {
      await db.prisma.recording.create({
        data: { id: ids.narrowed, roomId: 'people-power', access: 'public', state: 'complete', packageState: 'done', requestedAt: new Date('2026-10-03T09:00:00Z'), startedAt: new Date('2026-10-03T10:00:00Z'), videoFile: PACKAGE_FILES.video },
      });
      await makeMedia(path.join(recordingsDir, ids.narrowed));
      const setAccess = async (access: string) => {
        const reply = await send(port, `/api/recordings/${ids.narrowed}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', ...bearer(who.organiser) },
          body: JSON.stringify({ access }),
        });
        expect(reply.status).toBe(200);
      };
      const videoLink = async (headers: Record<string, string> = {}) => {
        const reply = await get(`/api/recordings/${ids.narrowed}`, headers);
        expect(reply.status).toBe(200);
        return reply.json<RecordingDetail>().media.video!;
      };

      // Minted while public (no token needed then), by someone registered.
      const whilePublic = await videoLink(bearer(who.registered));
      expect((await get(whilePublic)).status).toBe(200);
      await setAccess('registered');
      expect((await get(whilePublic)).status).toBe(401);
      const whileRegistered = await videoLink(bearer(who.registered));
      expect(whileRegistered).toMatch(/\?token=/);
      expect((await get(whileRegistered)).status).toBe(200);

      // Narrowed to the organisers: the registered person's link stops working at once, not hours later.
      await setAccess('organisers');
      const refused = await get(whileRegistered);
      expect(refused.status).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect((await get(`/api/recordings/${ids.narrowed}`, bearer(who.registered))).status).toBe(403);
      const organisers = await videoLink(bearer(who.organiser));
      expect((await get(organisers)).status).toBe(200);

      // Widened again: links handed out meanwhile keep working; the ones from before the narrowing stay dead.
      await setAccess('registered');
      expect((await get(organisers)).status).toBe(200);
      expect((await get(whileRegistered)).status).toBe(403);
      expect((await get(await videoLink(bearer(who.registered)))).status).toBe(200);
    });

    it('attach, replace and remove WebVTT captions, checked and limited in size', async () => {
      const put = (headers: Record<string, string>, body: string | Buffer, type = 'text/vtt') =>
        send(port, `/api/recordings/${ids.publicOne}/captions`, { method: 'PUT', headers: { 'content-type': type, ...headers }, body });
      const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.500\nWelcome, everyone\n';

      expect((await put({}, vtt)).status).toBe(401);
      expect((await put(bearer(who.otherOrganiser), vtt)).status).toBe(403);
      expect((await put(bearer(who.organiser), 'not captions')).status).toBe(400);
      expect((await put(bearer(who.organiser), vtt, 'application/octet-stream')).status).toBe(400);
      const tooLarge = await put(bearer(who.organiser), `WEBVTT\n\n${'x'.repeat(600 * 1024)}`);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });

      const attached = await put(bearer(who.organiser), vtt);
      expect(attached.status).toBe(200);
      expect(attached.json<RecordingSummary>().hasCaptions).toBe(true);
      const detail = (await get(`/api/recordings/${ids.publicOne}`)).json<RecordingDetail>();
      expect(detail.media.captions).toBe(`/api/recordings/${ids.publicOne}/media/captions`);
      const served = await get(detail.media.captions!);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('text/vtt; charset=utf-8');
      expect(served.headers['cache-control']).toBe('private, no-cache');
      expect(served.body.toString('utf8')).toBe(vtt);

      const replacement = 'WEBVTT\n\n00:00.000 --> 00:01.000\nBienvenue\n';
      expect((await put(bearer(who.organiser), replacement, 'text/plain')).status).toBe(200);
      expect((await get(detail.media.captions!)).body.toString('utf8')).toBe(replacement);
      expect(await readFile(path.join(recordingsDir, ids.publicOne, CAPTIONS_FILE), 'utf8')).toBe(replacement);

      const remove = (headers: Record<string, string>) => send(port, `/api/recordings/${ids.publicOne}/captions`, { method: 'DELETE', headers });
      expect((await remove(bearer(who.registered))).status).toBe(403);
      const removed = await remove(bearer(who.organiser));
      expect(removed.status).toBe(200);
      expect(removed.json<RecordingSummary>().hasCaptions).toBe(false);
      expect((await get(detail.media.captions!)).status).toBe(404);
      await expect(stat(path.join(recordingsDir, ids.publicOne, CAPTIONS_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('retry a packaging that gave up, and only that', async () => {
      const retry = (id: string, headers: Record<string, string>) => send(port, `/api/recordings/${id}/package`, { method: 'POST', headers });
      expect((await retry(ids.packageFailed, {})).status).toBe(401);
      expect((await retry(ids.packageFailed, bearer(who.otherOrganiser))).status).toBe(403);
      const retried = await retry(ids.packageFailed, bearer(who.organiser));
      expect(retried.status).toBe(200);
      expect(retried.json<RecordingSummary>().packaging).toEqual({
        recordingState: 'complete',
        state: 'waiting',
        progress: 0,
        attempts: 0,
        error: null,
        retryAt: null,
      });
      const again = await retry(ids.packageFailed, bearer(who.organiser));
      expect(again.status).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'CONFLICT' } });
      expect((await retry(ids.packaging, bearer(who.organiser))).status).toBe(409);
    });
  });
});

describe('the library on the embedded database', () => {
  let tmp: string;
  let db: Database;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-library-embedded-'));
    db = await openDatabase({ dataDir: tmp, logger });
  });

  afterAll(async () => {
    await db?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('searches and filters as on PostgreSQL (single-process installs and the end-to-end tests use it)', async () => {
    await db.prisma.room.create({ data: { id: 'people-power', title: 'People power', track: 'Democracy', language: 'en' } });
    const id = randomUUID();
    await db.prisma.recording.create({
      data: { id, roomId: 'people-power', state: 'complete', packageState: 'done', access: 'registered', requestedAt: new Date('2026-11-20T09:00:00Z'), startedAt: new Date('2026-11-20T10:00:00Z'), speakers: ['Amina Diallo'] },
    });
    const library = createLibraryRepository(db.prisma);
    const page = await library.list(
      { q: 'power amina', speaker: 'amina diallo', track: 'democracy', language: 'EN', from: '2026-11-20', to: '2026-11-20', limit: 10, offset: 0 },
      { who: 'account', registeredRooms: ['people-power'], organises: [] },
    );
    expect(page).toMatchObject({ total: 1, facets: { tracks: ['Democracy'], languages: ['en'], speakers: ['Amina Diallo'] } });
    expect(page.recordings.map((recording) => recording.id)).toEqual([id]);
    expect((await library.list({ limit: 10, offset: 0 }, { who: 'account', registeredRooms: ['climate-talks'], organises: [] })).total).toBe(0);
    expect((await library.list({ limit: 10, offset: 0 }, { who: 'guest', registeredRooms: [], organises: ['people-power'] })).total).toBe(1);
  });
});
