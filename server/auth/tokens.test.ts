import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { asRoomId } from '../../shared/ids.js';
import { createTokenService, resolveTokenSecret } from './tokens.js';

const secret = 'a'.repeat(32);

describe('token service', () => {
  it('round-trips an identity', async () => {
    const tokens = createTokenService(secret);
    const { token, identity } = await tokens.issue({ displayName: 'Amina' });
    expect(identity).toMatchObject({ role: 'participant', roomId: null, invitationId: null });
    expect(await tokens.verify(token)).toEqual(identity);
  });

  it('gives an account one user id per session, shaped as a UUID, hiding the account id and unlinkable across sessions', async () => {
    const tokens = createTokenService(secret);
    const room = asRoomId('people-power');
    const first = await tokens.issueForAccount({ accountId: 'acct-1', displayName: 'Amina', roomId: room });
    const second = await tokens.issueForAccount({ accountId: 'acct-1', displayName: 'Amina', roomId: room });
    expect(first.identity).toMatchObject({ role: 'participant', roomId: room, invitationId: null, accountId: 'acct-1' });
    // The same on every visit to the session: a removal bars the account.
    expect(second.identity.userId).toBe(first.identity.userId);
    expect(first.identity.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.identity.userId).not.toContain('acct-1');
    // Another session, or the library: another id, so nobody follows the person from one to the next.
    expect((await tokens.issueForAccount({ accountId: 'acct-1', displayName: 'Amina', roomId: asRoomId('climate-talks') })).identity.userId).not.toBe(
      first.identity.userId,
    );
    expect((await tokens.issueForAccount({ accountId: 'acct-1', displayName: 'Amina', roomId: null })).identity.userId).not.toBe(first.identity.userId);
    expect((await tokens.issueForAccount({ accountId: 'acct-2', displayName: 'Bo', roomId: room })).identity.userId).not.toBe(first.identity.userId);
    // Another server's secret derives other ids: nobody maps them back without it.
    const elsewhere = await createTokenService('b'.repeat(32)).issueForAccount({ accountId: 'acct-1', displayName: 'Amina', roomId: room });
    expect(elsewhere.identity.userId).not.toBe(first.identity.userId);
    expect(await tokens.verify(first.token)).toEqual(first.identity);
  });

  it('rejects a token signed with another secret', async () => {
    const { token } = await createTokenService('b'.repeat(32)).issue({ displayName: 'X' });
    expect(await createTokenService(secret).verify(token)).toBeNull();
  });

  it('gives an invitation role for its room only, and keeps the invitation id', async () => {
    const tokens = createTokenService(secret);
    const { token: link, invitation } = await tokens.invite({ roomId: asRoomId('people-power'), role: 'speaker', expiresInHours: 2 });
    const verified = await tokens.verifyInvitation(link);
    expect(verified).toEqual({ invitation, hasExpired: false });
    expect(invitation.expiresAt.getTime() - invitation.issuedAt.getTime()).toBe(2 * 3_600_000);
    const { token } = await tokens.issue({ displayName: 'Sara', invitation: verified!.invitation });
    expect(await tokens.verify(token)).toMatchObject({
      role: 'speaker',
      roomId: 'people-power',
      invitationId: invitation.invitationId,
    });
  });

  it('keeps invitations and identities apart', async () => {
    const tokens = createTokenService(secret);
    const { token: link } = await tokens.invite({ roomId: asRoomId('people-power'), role: 'moderator', expiresInHours: 1 });
    const { token } = await tokens.issue({ displayName: 'X' });
    expect(await tokens.verify(link)).toBeNull();
    expect(await tokens.verifyInvitation(token)).toBeNull();
  });

  it('tells an expired invitation from a forged one', async () => {
    const expiredWith = (key: string) =>
      new SignJWT({ room: 'people-power', role: 'moderator' })
        .setProtectedHeader({ alg: 'HS256' })
        .setJti('i1')
        .setIssuer('convene')
        .setAudience('invitation')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode(key));
    const tokens = createTokenService(secret);
    expect(await tokens.verifyInvitation(await expiredWith(secret))).toMatchObject({
      invitation: { invitationId: 'i1', role: 'moderator' },
      hasExpired: true,
    });
    expect(await tokens.verifyInvitation(await expiredWith('b'.repeat(32)))).toBeNull();
  });

  it('lets only the holder of the secret ask the server for a link, for a moment', async () => {
    const tokens = createTokenService(secret);
    const request = await tokens.signInvitationRequest();
    expect(await tokens.verifyInvitationRequest(request)).toBe(true);
    const { iat, exp } = decodeJwt(request);
    expect(exp! - iat!).toBeLessThanOrEqual(300);
    expect(await createTokenService('b'.repeat(32)).verifyInvitationRequest(request)).toBe(false);
    const { token: identity } = await tokens.issue({ displayName: 'X' });
    expect(await tokens.verifyInvitationRequest(identity)).toBe(false);
    expect(await tokens.verify(request)).toBeNull();
  });

  it('rejects garbage and a token with an unknown role', async () => {
    const tokens = createTokenService(secret);
    expect(await tokens.verify('not-a-token')).toBeNull();
    const forged = await new SignJWT({ name: 'X', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('convene')
      .setAudience('identity')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    expect(await tokens.verify(forged)).toBeNull();
  });
});

describe('media access tokens', () => {
  const recordingId = '0b9d7c1e-5a4f-4c36-9f0e-2d8a6b1c3e57';
  const otherId = '7f3e2a10-8c4b-4d9e-a1f2-6b5c4d3e2f10';

  it('let their holder fetch the one recording they name', async () => {
    const tokens = createTokenService(secret);
    const token = await tokens.signMediaAccess(recordingId, 0);
    expect(await tokens.verifyMediaAccess(token, recordingId, 0)).toBe(true);
    expect(await tokens.verifyMediaAccess(token, otherId, 0)).toBe(false);
  });

  it('stop working once access to the recording is narrowed (its access version moves on)', async () => {
    const tokens = createTokenService(secret);
    const before = await tokens.signMediaAccess(recordingId, 2);
    expect(await tokens.verifyMediaAccess(before, recordingId, 2)).toBe(true);
    expect(await tokens.verifyMediaAccess(before, recordingId, 3)).toBe(false);
    // A token from before versions existed names none.
    const unversioned = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(recordingId)
      .setIssuer('convene')
      .setAudience('media')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    expect(await tokens.verifyMediaAccess(unversioned, recordingId, 0)).toBe(false);
  });

  it('last a few hours', async () => {
    const token = await createTokenService(secret).signMediaAccess(recordingId, 0);
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBeGreaterThanOrEqual(3600);
    expect(exp! - iat!).toBeLessThanOrEqual(12 * 3600);
  });

  it('are refused once expired, when forged, or when another kind of token is offered', async () => {
    const tokens = createTokenService(secret);
    const expired = await new SignJWT({ av: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(recordingId)
      .setIssuer('convene')
      .setAudience('media')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expect(await tokens.verifyMediaAccess(expired, recordingId, 0)).toBe(false);
    const forged = await createTokenService('b'.repeat(32)).signMediaAccess(recordingId, 0);
    expect(await tokens.verifyMediaAccess(forged, recordingId, 0)).toBe(false);
    const { token: identity } = await tokens.issue({ displayName: 'Amina', userId: recordingId });
    expect(await tokens.verifyMediaAccess(identity, recordingId, 0)).toBe(false);
    expect(await tokens.verify(await tokens.signMediaAccess(recordingId, 0))).toBeNull();
    expect(await tokens.verifyMediaAccess('not-a-token', recordingId, 0)).toBe(false);
  });
});

describe('resolveTokenSecret', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prefers the configured secret', async () => {
    expect(await resolveTokenSecret(secret, '/nonexistent')).toBe(secret);
  });

  it('generates one secret and keeps it across calls', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'convene-secret-'));
    const first = await resolveTokenSecret(undefined, dir);
    expect(first).toHaveLength(64);
    expect(await resolveTokenSecret(undefined, dir)).toBe(first);
  });
});
