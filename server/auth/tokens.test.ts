import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenService, resolveTokenSecret } from './tokens.js';

const secret = 'a'.repeat(32);

describe('token service', () => {
  it('round-trips an identity', async () => {
    const tokens = createTokenService(secret);
    const { token, identity } = await tokens.issue({ displayName: 'Amina', role: 'participant' });
    expect(await tokens.verify(token)).toEqual(identity);
  });

  it('rejects a token signed with another secret', async () => {
    const { token } = await createTokenService('b'.repeat(32)).issue({ displayName: 'X', role: 'moderator' });
    expect(await createTokenService(secret).verify(token)).toBeNull();
  });

  it('rejects garbage and a token with an unknown role', async () => {
    const tokens = createTokenService(secret);
    expect(await tokens.verify('not-a-token')).toBeNull();
    const forged = await new SignJWT({ name: 'X', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('convene')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    expect(await tokens.verify(forged)).toBeNull();
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
