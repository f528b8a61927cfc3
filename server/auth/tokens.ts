import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Identity, type Role } from '../../shared/events.js';
import { roomIdSchema, type RoomId } from '../../shared/ids.js';
import { displayNameSchema } from '../../shared/http.js';

const ISSUER = 'convene';
const IDENTITY_LIFETIME = '12h';
/** Audiences keep the two kinds of token apart: an invitation is not a socket identity. */
const IDENTITY_AUDIENCE = 'identity';
const INVITATION_AUDIENCE = 'invitation';
/** An operator's command asking the server for a link (`npm run invite`): good for a moment only. */
const INVITATION_REQUEST_AUDIENCE = 'invitation-request';
const INVITATION_REQUEST_LIFETIME = '2m';
/** Media links (`<video src>` cannot send headers): each names one recording and lasts a few hours. */
const MEDIA_AUDIENCE = 'media';
const MEDIA_LIFETIME = '4h';

const identityClaimsSchema = z.object({
  sub: z.string().min(1),
  // Cleaned again: a token issued before the cleaning rules (shared/displayName.ts) shows the clean name.
  name: displayNameSchema,
  role: z.enum(ROLES),
  room: roomIdSchema.nullable().default(null),
  inv: z.string().min(1).max(64).nullable().default(null),
  acct: z.string().min(1).max(64).nullable().default(null),
});

const invitationClaimsSchema = z.object({
  jti: z.string().min(1).max(64),
  room: roomIdSchema,
  role: z.enum(ROLES),
  exp: z.number(),
  // Links minted before iat was read have one all the same (every token is signed with it).
  iat: z.number(),
});

/** What an invitation link grants: a role in one room, until it expires. */
export interface Invitation {
  invitationId: string;
  roomId: RoomId;
  role: Role;
  issuedAt: Date;
  expiresAt: Date;
}

/** A genuine invitation token (signed here), and whether its own expiry has passed. */
export interface VerifiedInvitation {
  invitation: Invitation;
  hasExpired: boolean;
}

export interface IssueIdentityInput {
  displayName: string;
  /** Without an invitation, everyone is a participant. */
  invitation?: Invitation;
  userId?: string;
}

export interface IssueAccountIdentityInput {
  accountId: string;
  displayName: string;
  /** The session room it joins (its buzz groups included); null: none (the catch-up library). */
  roomId: RoomId | null;
}

/** Mints and verifies the signed tokens that carry identities and invitations. */
export interface TokenService {
  issue(input: IssueIdentityInput): Promise<{ token: string; identity: Identity }>;
  /**
   * An identity for a signed-in account, for one session's room. Its user
   * id is derived with the server's secret from the account and the room:
   * the same on every visit to that session (a removal bars the account,
   * not one visit), another in every other session, so those who see ids
   * (a session's moderators) cannot follow one person from session to
   * session, nor learn the account's id. Membership admits it to its own
   * session alone.
   */
  issueForAccount(input: IssueAccountIdentityInput): Promise<{ token: string; identity: Identity }>;
  /** Returns the identity, or null for a token that is forged, expired or malformed. */
  verify(token: string): Promise<Identity | null>;
  /**
   * Signs an invitation link's token for a role in a room: for the
   * invitation store (server/invitations) alone, which stores each link it
   * mints and refuses any that is not on record.
   */
  invite(input: { roomId: RoomId; role: Role; expiresInHours: number }): Promise<{ token: string; invitation: Invitation }>;
  /**
   * The invitation a genuine token grants, also once expired (so people can
   * be told it expired rather than that it is invalid); null when forged or
   * malformed. Whether it may still be used is the invitation store's call.
   */
  verifyInvitation(token: string): Promise<VerifiedInvitation | null>;
  /**
   * A short-lived token that lets an operator's command (`npm run invite`)
   * ask the running server to mint an invitation link: it proves the
   * command holds the server's secret.
   */
  signInvitationRequest(): Promise<string>;
  verifyInvitationRequest(token: string): Promise<boolean>;
  /**
   * Signs a short-lived token that lets its holder fetch one recording's
   * files, for the media URLs handed to someone allowed to watch it.
   */
  signMediaAccess(recordingId: string, accessVersion: number): Promise<string>;
  /**
   * True only for a genuine, unexpired media token naming this recording
   * under its current access version: narrowing who may watch raises the
   * version, and every link signed before stops working.
   */
  verifyMediaAccess(token: string, recordingId: string, accessVersion: number): Promise<boolean>;
}

export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISSUER).setIssuedAt();
  const verifyAs = async (token: string, audience: string) => {
    try {
      return (await jwtVerify(token, key, { issuer: ISSUER, audience, algorithms: ['HS256'] })).payload;
    } catch {
      return null;
    }
  };

  // Shaped as a UUID (version 8: made by us), like every other user id the protocol carries.
  const userIdOfAccount = (accountId: string, roomId: RoomId | null) => {
    const bytes = createHmac('sha256', key).update(`account:${accountId}:room:${roomId ?? ''}`).digest().subarray(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x80;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const signIdentity = async (identity: Identity) => {
    const token = await sign({
      name: identity.displayName,
      role: identity.role,
      room: identity.roomId,
      inv: identity.invitationId,
      acct: identity.accountId,
    })
      .setSubject(identity.userId)
      .setAudience(IDENTITY_AUDIENCE)
      .setExpirationTime(IDENTITY_LIFETIME)
      .sign(key);
    return { token, identity };
  };

  return {
    issue({ displayName, invitation, userId = randomUUID() }) {
      return signIdentity({
        userId,
        displayName,
        role: invitation?.role ?? 'participant',
        roomId: invitation?.roomId ?? null,
        invitationId: invitation?.invitationId ?? null,
        accountId: null,
      });
    },

    issueForAccount({ accountId, displayName, roomId }) {
      const userId = userIdOfAccount(accountId, roomId);
      return signIdentity({ userId, displayName, role: 'participant', roomId, invitationId: null, accountId });
    },

    async verify(token) {
      const payload = await verifyAs(token, IDENTITY_AUDIENCE);
      const claims = identityClaimsSchema.safeParse(payload);
      if (!claims.success) return null;
      const { sub, name, role, room, inv, acct } = claims.data;
      return { userId: sub, displayName: name, role, roomId: room, invitationId: inv, accountId: acct };
    },

    async invite({ roomId, role, expiresInHours }) {
      const invitationId = randomUUID();
      // Whole seconds, as in the token, so the stored times and the token's agree.
      const issuedAt = Math.floor(Date.now() / 1000);
      const expiresAt = issuedAt + expiresInHours * 3600;
      const token = await sign({ room: roomId, role })
        .setIssuedAt(issuedAt)
        .setJti(invitationId)
        .setAudience(INVITATION_AUDIENCE)
        .setExpirationTime(expiresAt)
        .sign(key);
      return {
        token,
        invitation: { invitationId, roomId, role, issuedAt: new Date(issuedAt * 1000), expiresAt: new Date(expiresAt * 1000) },
      };
    },

    async verifyInvitation(token) {
      let payload: unknown;
      let hasExpired = false;
      try {
        payload = (await jwtVerify(token, key, { issuer: ISSUER, audience: INVITATION_AUDIENCE, algorithms: ['HS256'] })).payload;
      } catch (error) {
        // jose checks the signature, issuer and audience before the expiry:
        // a token refused only for its age is genuine.
        if (!(error instanceof errors.JWTExpired) || error.claim !== 'exp') return null;
        payload = error.payload;
        hasExpired = true;
      }
      const claims = invitationClaimsSchema.safeParse(payload);
      if (!claims.success) return null;
      const { jti, room, role, iat, exp } = claims.data;
      return {
        invitation: { invitationId: jti, roomId: room, role, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) },
        hasExpired,
      };
    },

    signInvitationRequest() {
      return sign({}).setAudience(INVITATION_REQUEST_AUDIENCE).setExpirationTime(INVITATION_REQUEST_LIFETIME).sign(key);
    },

    async verifyInvitationRequest(token) {
      return (await verifyAs(token, INVITATION_REQUEST_AUDIENCE)) !== null;
    },

    signMediaAccess(recordingId, accessVersion) {
      return sign({ av: accessVersion }).setSubject(recordingId).setAudience(MEDIA_AUDIENCE).setExpirationTime(MEDIA_LIFETIME).sign(key);
    },

    async verifyMediaAccess(token, recordingId, accessVersion) {
      const payload = await verifyAs(token, MEDIA_AUDIENCE);
      return payload !== null && payload.sub === recordingId && payload.av === accessVersion;
    },
  };
}

/** The link people open to use an invitation. */
export function invitationUrl(publicUrl: string, roomId: RoomId, token: string): string {
  const url = new URL(`/r/${roomId}`, publicUrl);
  url.searchParams.set('invite', token);
  return url.toString();
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
