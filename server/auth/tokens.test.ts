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

  it('rejects a token signed with another secret', async () => {
    const { token } = await createTokenService('b'.repeat(32)).issue({ displayName: 'X' });
    expect(await createTokenService(secret).verify(token)).toBeNull();
  });

  it('gives an invitation role for its room only, and keeps the invitation id', async () => {
    const tokens = createTokenService(secret);
    const { token: link, invitation } = await tokens.invite({ roomId: asRoomId('people-power'), role: 'speaker', expiresInHours: 2 });
    const verified = await tokens.verifyInvitation(link);
    expect(verified).toEqual({ ...invitation, expiresAt: new Date(Math.floor(invitation.expiresAt.getTime() / 1000) * 1000) });
    const { token } = await tokens.issue({ displayName: 'Sara', invitation: verified! });
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

  it('refuses an expired invitation', async () => {
    const expired = await new SignJWT({ room: 'people-power', role: 'moderator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti('i1')
      .setIssuer('convene')
      .setAudience('invitation')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expect(await createTokenService(secret).verifyInvitation(expired)).toBeNull();
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
    const token = await tokens.signMediaAccess(recordingId);
    expect(await tokens.verifyMediaAccess(token, recordingId)).toBe(true);
    expect(await tokens.verifyMediaAccess(token, otherId)).toBe(false);
  });

  it('last a few hours', async () => {
    const token = await createTokenService(secret).signMediaAccess(recordingId);
    const { iat, exp } = decodeJwt(token);
    expect(exp! - iat!).toBeGreaterThanOrEqual(3600);
    expect(exp! - iat!).toBeLessThanOrEqual(12 * 3600);
  });

  it('are refused once expired, when forged, or when another kind of token is offered', async () => {
    const tokens = createTokenService(secret);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(recordingId)
      .setIssuer('convene')
      .setAudience('media')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expect(await tokens.verifyMediaAccess(expired, recordingId)).toBe(false);
    const forged = await createTokenService('b'.repeat(32)).signMediaAccess(recordingId);
    expect(await tokens.verifyMediaAccess(forged, recordingId)).toBe(false);
    const { token: identity } = await tokens.issue({ displayName: 'Amina', userId: recordingId });
    expect(await tokens.verifyMediaAccess(identity, recordingId)).toBe(false);
    expect(await tokens.verify(await tokens.signMediaAccess(recordingId))).toBeNull();
    expect(await tokens.verifyMediaAccess('not-a-token', recordingId)).toBe(false);
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
