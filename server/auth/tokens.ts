import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Identity, type Role } from '../../shared/events.js';

const ISSUER = 'convene';
const TOKEN_LIFETIME = '12h';

const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(ROLES),
});

/** Mints and verifies the signed tokens that carry a socket's identity and role. */
export interface TokenService {
  issue(identity: { displayName: string; role: Role; userId?: string }): Promise<{ token: string; identity: Identity }>;
  /** Returns the identity, or null for a token that is forged, expired or malformed. */
  verify(token: string): Promise<Identity | null>;
}

export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue({ displayName, role, userId = randomUUID() }) {
      const token = await new SignJWT({ name: displayName, role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(TOKEN_LIFETIME)
        .sign(key);
      return { token, identity: { userId, displayName, role } };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        const claims = claimsSchema.parse(payload);
        return { userId: claims.sub, displayName: claims.name, role: claims.role };
      } catch {
        return null;
      }
    },
  };
}

/**
 * The configured secret, or one generated once and kept in DATA_DIR so tokens
 * survive a restart of a single-process install that set nothing up.
 */
export async function resolveTokenSecret(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'token-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    // 'wx': if another start-up wrote one first, keep theirs; either way read back the file.
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}
