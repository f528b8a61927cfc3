import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId } from '../../shared/ids.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { connectClient, expectOk, issueToken, loseConnection, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

const TOKEN_SECRET = 'invitations-test-secret-'.padEnd(40, 'x');
const MAX_HOURS = 48;

/** An error answer of the HTTP API: its status and code. */
async function errorOf(response: Response): Promise<{ status: number; code: string }> {
  const body = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code ?? '(none)' };
}

/** The token inside an invitation link. */
function tokenOf(url: string): string {
  return new URL(url).searchParams.get('invite') ?? '';
}

describe('invitation links: listed, revoked, limited, built from our own address (real server)', () => {
  let platform: TestPlatform;
  let roomId: string;
  let otherRoomId: string;
  const sockets: TestSocket[] = [];

  async function moderatorIn(room: string, name = 'Mo'): Promise<TestSocket> {
    const socket = await connectClient(platform.url, name, { invitation: await platform.invite(room, 'moderator') });
    sockets.push(socket);
    expectOk(await request(socket, 'room:join', { roomId: room as never }));
    return socket;
  }

  const summaryOf = (token: string) => fetch(`${platform.url}/api/invitations/${encodeURIComponent(token)}`);
  const identityFrom = (token: string, displayName = 'Guest') =>
    fetch(`${platform.url}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName, invitation: token }),
    });

  beforeAll(async () => {
    platform = await startTestPlatform({
      TOKEN_SECRET,
      INVITATION_MAX_HOURS: String(MAX_HOURS),
      // Every person here comes from 127.0.0.1: this tests links, not the per-address budgets.
      RATE_ADDRESS_IDENTITIES_PER_MIN: '1000',
      RATE_ADDRESS_JOINS_PER_MIN: '1000',
    });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id;
    otherRoomId = rooms[1]!.id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  describe('GET /api/rooms/:roomId', () => {
    it('answers a room with its title and whether it is locked, and 404 for an unknown or impossible id', async () => {
      const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
      const room = rooms.find((candidate) => candidate.id === otherRoomId)!;
      const found = await fetch(`${platform.url}/api/rooms/${otherRoomId}`);
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual({ id: otherRoomId, title: room.title, isLocked: false });

      const moderator = await moderatorIn(otherRoomId);
      expectOk(await request(moderator, 'room:set-controls', { isLocked: true }));
      expect(await (await fetch(`${platform.url}/api/rooms/${otherRoomId}`)).json()).toMatchObject({ isLocked: true });
      expectOk(await request(moderator, 'room:set-controls', { isLocked: false }));

      expect(await errorOf(await fetch(`${platform.url}/api/rooms/does-not-exist`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(await errorOf(await fetch(`${platform.url}/api/rooms/${'%2E%2E%2Fetc'}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(await errorOf(await fetch(`${platform.url}/api/rooms/${'x'.repeat(200)}`))).toEqual({ status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('minting, listing and revoking', () => {
    it('builds links from the server’s own address, never from a forged Origin header', async () => {
      const { token } = await issueToken(platform.url, 'Mallory', await platform.invite(roomId, 'moderator'));
      const socket: TestSocket = connect(platform.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { origin: 'https://evil.example', host: 'evil.example' },
        auth: { token, protocolVersion: PROTOCOL_VERSION },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expectOk(await request(socket, 'room:join', { roomId: roomId as never }));
      const created = expectOk(await request(socket, 'invitation:create', { role: 'speaker', expiresInHours: 24 }));
      expect(created.url).not.toContain('evil');
      expect(new URL(created.url).origin).toBe(new URL(platform.url).origin);
      expect(new URL(created.url).pathname).toBe(`/r/${roomId}`);
    });

    it('lists each link with its role, expiry, who minted it and how often it was used; a revoked link is refused with its code', async () => {
      const moderator = await moderatorIn(roomId, 'Ama');
      const created = expectOk(await request(moderator, 'invitation:create', { role: 'speaker', expiresInHours: 24 }));
      const token = tokenOf(created.url);
      expect(created.invitation).toMatchObject({ role: 'speaker', createdBy: 'Ama', uses: 0, status: 'active' });

      expect((await identityFrom(token, 'Sara')).status).toBe(201);
      const listed = expectOk(await request(moderator, 'invitation:list', {}));
      const entry = listed.invitations.find((invitation) => invitation.invitationId === created.invitation.invitationId);
      expect(entry).toEqual({ ...created.invitation, uses: 1 });
      expect(Date.parse(entry!.expiresAt) - Date.parse(entry!.createdAt)).toBe(24 * 3_600_000);
      expect(listed.limits).toEqual({ maxHours: MAX_HOURS, defaultHours: { moderator: 24, speaker: MAX_HOURS, participant: MAX_HOURS } });

      const revoked = expectOk(await request(moderator, 'invitation:revoke', { invitationId: created.invitation.invitationId }));
      expect(revoked).toMatchObject({ invitationId: created.invitation.invitationId, status: 'revoked', uses: 1 });
      expect(await errorOf(await summaryOf(token))).toEqual({ status: 410, code: 'INVITATION_REVOKED' });
      expect(await errorOf(await identityFrom(token))).toEqual({ status: 410, code: 'INVITATION_REVOKED' });

      const audit = expectOk(await request(moderator, 'audit:list', {}));
      expect(audit.entries.map((entry) => entry.action)).toContain('invitation.revoke');
      // Revoking twice changes nothing more.
      expect(expectOk(await request(moderator, 'invitation:revoke', { invitationId: created.invitation.invitationId })).status).toBe('revoked');
    });

    it('refuses a link revoked from another room, and to anyone but a moderator', async () => {
      const moderator = await moderatorIn(roomId, 'Ama');
      const elsewhere = await moderatorIn(otherRoomId, 'Olu');
      const created = expectOk(await request(moderator, 'invitation:create', { role: 'moderator', expiresInHours: 1 }));
      const refused = await request(elsewhere, 'invitation:revoke', { invitationId: created.invitation.invitationId });
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(expectOk(await request(elsewhere, 'invitation:list', {})).invitations.map((entry) => entry.invitationId)).not.toContain(
        created.invitation.invitationId,
      );

      const participant = await connectClient(platform.url, 'Pat');
      sockets.push(participant);
      expectOk(await request(participant, 'room:join', { roomId: roomId as never }));
      expect(await request(participant, 'invitation:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await request(participant, 'invitation:revoke', { invitationId: created.invitation.invitationId })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect((await summaryOf(tokenOf(created.url))).status).toBe(200);
    });

    it('refuses a lifetime over the server’s limit, with a clear error', async () => {
      const moderator = await moderatorIn(roomId, 'Ama');
      const refused = await request(moderator, 'invitation:create', { role: 'speaker', expiresInHours: MAX_HOURS + 1 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      if (!refused.ok) expect(refused.error.message).toContain(`${MAX_HOURS} hours`);
      expectOk(await request(moderator, 'invitation:create', { role: 'speaker', expiresInHours: MAX_HOURS }));
    });

    it('refuses an expired link with its own code', async () => {
      const expired = await new SignJWT({ room: roomId, role: 'moderator' })
        .setProtectedHeader({ alg: 'HS256' })
        .setJti(crypto.randomUUID())
        .setIssuer('convene')
        .setAudience('invitation')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode(TOKEN_SECRET));
      expect(await errorOf(await summaryOf(expired))).toEqual({ status: 410, code: 'INVITATION_EXPIRED' });
      expect(await errorOf(await identityFrom(expired))).toEqual({ status: 410, code: 'INVITATION_EXPIRED' });
      expect(await errorOf(await summaryOf('not-a-token'))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it('refuses a link that is not on record, though signed with the server’s secret', async () => {
      // Signed as the store signs, but never stored: nobody could list or revoke it.
      const { token } = await platform.tokens.invite({ roomId: asRoomId(roomId), role: 'moderator', expiresInHours: 1 });
      expect(await errorOf(await summaryOf(token))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect(await errorOf(await identityFrom(token))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  describe('a role from a revoked invitation', () => {
    /** Someone who came in with a moderator link Ama made, and that link's id. */
    async function invitedModerator(ama: TestSocket, name: string): Promise<{ token: string; invitationId: string }> {
      const created = expectOk(await request(ama, 'invitation:create', { role: 'moderator', expiresInHours: 24 }));
      const { token } = (await (await identityFrom(tokenOf(created.url), name)).json()) as { token: string };
      return { token, invitationId: created.invitation.invitationId };
    }

    it('no longer holds after a reload within the grace period: the same identity comes back as a participant', async () => {
      const ama = await moderatorIn(roomId, 'Ama');
      const { token, invitationId } = await invitedModerator(ama, 'Kwame');
      const before = await connectClient(platform.url, 'Kwame', { token });
      sockets.push(before);
      expect(expectOk(await request(before, 'room:join', { roomId: roomId as never })).self.role).toBe('moderator');
      // A reload: the connection drops without leaving, and the peer waits for its owner.
      loseConnection(before);
      expectOk(await request(ama, 'invitation:revoke', { invitationId }));

      const after = await connectClient(platform.url, 'Kwame', { token });
      sockets.push(after);
      const joined = expectOk(await request(after, 'room:join', { roomId: roomId as never }));
      expect(joined.self).toMatchObject({ role: 'participant', seat: 'audience' });
      expect(await request(after, 'invitation:create', { role: 'moderator', expiresInHours: 1 })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      // The others see a participant, not the moderator who was there.
      const seen = expectOk(await request(ama, 'peers:list', { after: 0, limit: 50 })).peers;
      expect(seen.filter((peer) => peer.userId === joined.self.userId)).toEqual([expect.objectContaining({ role: 'participant' })]);
    });

    it('is taken at once from someone in the session: told to join again, and back as a participant', async () => {
      const ama = await moderatorIn(roomId, 'Ama');
      const { token, invitationId } = await invitedModerator(ama, 'Kojo');
      const kojo = await connectClient(platform.url, 'Kojo', { token });
      sockets.push(kojo);
      expect(expectOk(await request(kojo, 'room:join', { roomId: roomId as never })).self.role).toBe('moderator');

      const closed = nextEvent(kojo, 'room:closed');
      expectOk(await request(ama, 'invitation:revoke', { invitationId }));
      expect(await closed).toEqual({ roomId, reason: 'invitation-revoked', rejoin: true });
      // As the client does on `rejoin`: join again on the same connection, never having left.
      const joined = expectOk(await request(kojo, 'room:join', { roomId: roomId as never }));
      expect(joined.self).toMatchObject({ role: 'participant', seat: 'audience' });
      expect(await request(kojo, 'invitation:create', { role: 'moderator', expiresInHours: 1 })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    });

    it('no longer holds: the identity joins as a participant from then on', async () => {
      const moderator = await moderatorIn(roomId, 'Ama');
      const created = expectOk(await request(moderator, 'invitation:create', { role: 'moderator', expiresInHours: 24 }));
      const { token } = (await (await identityFrom(tokenOf(created.url), 'Kofi')).json()) as { token: string };

      const kofi = await connectClient(platform.url, 'Kofi', { token });
      sockets.push(kofi);
      expect(expectOk(await request(kofi, 'room:join', { roomId: roomId as never })).self.role).toBe('moderator');
      expectOk(await request(kofi, 'room:leave', {}));

      expectOk(await request(moderator, 'invitation:revoke', { invitationId: created.invitation.invitationId }));
      const joined = expectOk(await request(kofi, 'room:join', { roomId: roomId as never }));
      expect(joined.self).toMatchObject({ role: 'participant', seat: 'audience' });
      expect(await request(kofi, 'invitation:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    });
  });

  describe('npm run invite', () => {
    const run = (args: string[]) =>
      promisify(execFile)('node', ['--import', 'tsx', 'scripts/invite.ts', ...args], {
        env: {
          ...process.env,
          TOKEN_SECRET,
          PORT: String(platform.port),
          HOST: '127.0.0.1',
          PUBLIC_URL: '',
          DATABASE_URL: '',
          REDIS_URL: '',
          LOG_LEVEL: 'silent',
        },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );

    it('refuses an unknown room and lists the known ones', async () => {
      const result = await run(['no-such-room', 'moderator']);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('no-such-room');
      expect(result.stderr).toContain(roomId);
      expect(result.stderr).toContain(otherRoomId);
    }, 60_000);

    it('stores its links like the room’s own: listed (moderator links last 24 hours unless asked) and revocable', async () => {
      const result = await run([roomId, 'moderator']);
      expect(result.code).toBe(0);
      const url = result.stdout.trim();
      expect(new URL(url).pathname).toBe(`/r/${roomId}`);
      const summary = (await (await summaryOf(tokenOf(url))).json()) as { expiresAt: string };
      const hoursLeft = (Date.parse(summary.expiresAt) - Date.now()) / 3_600_000;
      expect(hoursLeft).toBeGreaterThan(23);
      expect(hoursLeft).toBeLessThanOrEqual(24);

      const moderator = await moderatorIn(roomId, 'Ama');
      const listed = expectOk(await request(moderator, 'invitation:list', {}));
      // By who made it too: the moderator's own link (made to join) may expire in the same second.
      const entry = listed.invitations.find((invitation) => invitation.expiresAt === summary.expiresAt && invitation.createdBy === 'npm run invite');
      expect(entry).toMatchObject({ role: 'moderator', createdBy: 'npm run invite', status: 'active' });
      expectOk(await request(moderator, 'invitation:revoke', { invitationId: entry!.invitationId }));
      expect(await errorOf(await summaryOf(tokenOf(url)))).toEqual({ status: 410, code: 'INVITATION_REVOKED' });

      const tooLong = await run([roomId, 'speaker', String(MAX_HOURS + 1)]);
      expect(tooLong.code).not.toBe(0);
      expect(tooLong.stderr).toContain(`${MAX_HOURS} hours`);
    }, 60_000);
  });
});
