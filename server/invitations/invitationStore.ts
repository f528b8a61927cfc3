import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type {
  InvitationCreated,
  InvitationInfo,
  InvitationLimits,
  InvitationList,
  InvitationStatus,
} from '../../shared/invitations.js';
import { invitationUrl, type Invitation, type TokenService } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { InvitationRecord, InvitationRepository } from '../db/invitationRepository.js';
import { ReadCache } from '../db/readCache.js';

/** Speakers' and participants' links, unless another lifetime is asked for (within the limit). */
const DEFAULT_HOURS = 72;
/** The newest links a room's list shows. */
const LIST_LIMIT = 100;
/** How long "not revoked" is believed before asking the database again (other processes revoke too). */
const REVOCATION_TTL_MS = 5_000;
const REVOCATION_CACHE_ENTRIES = 10_000;
const NOT_VALID = 'this invitation link is not valid; ask for a new one';

/** Who mints a link: a moderator (their user id and name), or the operators' command. */
export interface InvitationMaker {
  userId: string | null;
  displayName: string;
}

/** The operators' command, as the list names it. */
export const OPERATOR: InvitationMaker = { userId: null, displayName: 'npm run invite' };

/**
 * Invitation links: minted, listed, revoked and checked in one place, so
 * every link people get is on record and every use goes through the record.
 */
export interface InvitationStore {
  limits(): InvitationLimits;
  /**
   * Mints a link to a session (its room must exist). Without a lifetime, the
   * role's default; one beyond the server's limit is refused (INVALID_PAYLOAD).
   */
  mint(input: { roomId: RoomId; role: Role; expiresInHours?: number; by: InvitationMaker }): Promise<InvitationCreated>;
  /**
   * What a link grants, if it may still be used: UNAUTHENTICATED when it is
   * not ours or not on record (every link people get is minted here, and
   * stored), INVITATION_REVOKED, INVITATION_EXPIRED.
   */
  check(token: string): Promise<Invitation>;
  /** As {@link check}, counting the use: an identity is being issued from the link. */
  redeem(token: string): Promise<Invitation>;
  list(roomId: RoomId): Promise<InvitationList>;
  /** Revokes one of the room's links (NOT_FOUND for any other id); `changed` is false if it already was. */
  revoke(roomId: RoomId, invitationId: string): Promise<{ invitation: InvitationInfo; changed: boolean }>;
  /**
   * Whether an identity's invitation grants nothing any more: revoked, or
   * never on record. Cheap enough for every join (cached).
   */
  isRevoked(invitationId: string): Promise<boolean>;
}

export interface InvitationStoreDeps {
  tokens: TokenService;
  repository: InvitationRepository;
  limits: Config['invitations'];
  /** Where links point: PUBLIC_URL, else this process's own address (never a request's Origin). */
  linkBase(): string;
  now?: () => number;
}

/**
 * A link's state at `now`. No link outlives the server's limit, counted from
 * when it was minted, even one minted before the limit was lowered.
 */
export function invitationStatus(
  link: { issuedAt: Date; expiresAt: Date; revokedAt: Date | null },
  { now, maxHours }: { now: number; maxHours: number },
): InvitationStatus {
  if (link.revokedAt) return 'revoked';
  const endsAt = Math.min(link.expiresAt.getTime(), link.issuedAt.getTime() + maxHours * 3_600_000);
  return now < endsAt ? 'active' : 'expired';
}

/** The store's dependencies, with its clock and each role's default lifetime worked out once. */
interface StoreContext extends InvitationStoreDeps {
  now: () => number;
  lifetimes: InvitationLimits;
}

export function createInvitationStore(deps: InvitationStoreDeps): InvitationStore {
  const store: StoreContext = { ...deps, now: deps.now ?? Date.now, lifetimes: lifetimesOf(deps.limits) };
  const revocations = revocationsOf(deps.repository);
  return {
    limits: () => store.lifetimes,
    mint: (input) => mint(store, input),
    check: (token) => check(store, token),
    async redeem(token) {
      const invitation = await check(store, token);
      await deps.repository.countUse(invitation.invitationId);
      return invitation;
    },
    async list(roomId) {
      const records = await deps.repository.listForRoom(roomId, LIST_LIMIT);
      return { invitations: records.map((record) => describe(store, record)), limits: store.lifetimes };
    },
    async revoke(roomId, invitationId) {
      const revoked = await deps.repository.revoke(roomId, invitationId, new Date(store.now()));
      if (!revoked) throw new AppError('NOT_FOUND', 'this session has no such invitation link');
      // This process knows at once; the others within REVOCATION_TTL_MS.
      revocations.prime(invitationId, true);
      return { invitation: describe(store, revoked.record), changed: revoked.changed };
    },
    isRevoked: (invitationId) => revocations.get(invitationId),
  };
}

/** The lifetime each role's link gets unless another is asked for, within the server's limit. */
function lifetimesOf({ maxHours, moderatorHours }: Config['invitations']): InvitationLimits {
  const others = Math.min(DEFAULT_HOURS, maxHours);
  return { maxHours, defaultHours: { moderator: moderatorHours, speaker: others, participant: others } };
}

/**
 * Whether each invitation grants nothing any more, read at most once per
 * invitation every few seconds whatever the number of joins. A revocation
 * is final (as is having no record), so that answer is kept for good.
 */
function revocationsOf(repository: InvitationRepository): ReadCache<boolean> {
  return new ReadCache(async (invitationId) => (await repository.revokedAt(invitationId)) !== null, {
    ttlMs: REVOCATION_TTL_MS,
    maxEntries: REVOCATION_CACHE_ENTRIES,
    lifetimeOf: (isRevoked) => (isRevoked ? Infinity : REVOCATION_TTL_MS),
  });
}

function statusOf(store: StoreContext, record: InvitationRecord): InvitationStatus {
  return invitationStatus({ ...record, issuedAt: record.createdAt }, { now: store.now(), maxHours: store.lifetimes.maxHours });
}

function describe(store: StoreContext, record: InvitationRecord): InvitationInfo {
  return {
    invitationId: record.id,
    role: record.role,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    createdBy: record.createdBy.displayName,
    uses: record.uses,
    status: statusOf(store, record),
  };
}

async function mint(store: StoreContext, input: Parameters<InvitationStore['mint']>[0]): Promise<InvitationCreated> {
  const { roomId, role, expiresInHours = store.lifetimes.defaultHours[role], by } = input;
  const { maxHours } = store.lifetimes;
  if (expiresInHours > maxHours) throw new AppError('INVALID_PAYLOAD', `links last at most ${maxHours} hours on this server`);
  const { token, invitation } = await store.tokens.invite({ roomId, role, expiresInHours });
  const record = await store.repository.create({
    id: invitation.invitationId,
    roomId,
    role,
    createdBy: by,
    createdAt: invitation.issuedAt,
    expiresAt: invitation.expiresAt,
  });
  return {
    url: invitationUrl(store.linkBase(), roomId, token),
    expiresAt: invitation.expiresAt.toISOString(),
    invitation: describe(store, record),
  };
}

async function check(store: StoreContext, token: string): Promise<Invitation> {
  const verified = await store.tokens.verifyInvitation(token);
  if (!verified) throw new AppError('UNAUTHENTICATED', NOT_VALID);
  const { invitation, hasExpired } = verified;
  const record = await store.repository.get(invitation.invitationId);
  if (record?.revokedAt) throw new AppError('INVITATION_REVOKED', 'a moderator revoked this invitation link');
  // Its expiry is signed into it: a genuine link past it has expired, on record or not.
  if (hasExpired) throw new AppError('INVITATION_EXPIRED', 'this invitation link has expired');
  // Every link people get was minted here, and stored: one that was not grants nothing.
  if (!record) throw new AppError('UNAUTHENTICATED', NOT_VALID);
  if (statusOf(store, record) === 'expired') throw new AppError('INVITATION_EXPIRED', 'this invitation link has expired');
  return invitation;
}
