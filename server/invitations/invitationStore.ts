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
import { RevocationCache } from './revocationCache.js';

/** Speakers' and participants' links, unless another lifetime is asked for (within the limit). */
const DEFAULT_HOURS = 72;
/** The newest links a room's list shows. */
const LIST_LIMIT = 100;
/** How long "not revoked" is believed before asking the database again (other processes revoke too). */
const REVOCATION_TTL_MS = 5_000;
const REVOCATION_CACHE_ENTRIES = 10_000;

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
   * not ours, INVITATION_REVOKED, INVITATION_EXPIRED.
   */
  check(token: string): Promise<Invitation>;
  /** As {@link check}, counting the use: an identity is being issued from the link. */
  redeem(token: string): Promise<Invitation>;
  list(roomId: RoomId): Promise<InvitationList>;
  /** Revokes one of the room's links (NOT_FOUND for any other id); `changed` is false if it already was. */
  revoke(roomId: RoomId, invitationId: string): Promise<{ invitation: InvitationInfo; changed: boolean }>;
  /** Whether an identity's invitation was revoked: cheap enough for every join (cached). */
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

export function createInvitationStore(deps: InvitationStoreDeps): InvitationStore {
  const { tokens, repository } = deps;
  const { maxHours, moderatorHours } = deps.limits;
  const now = deps.now ?? Date.now;
  const revocations = new RevocationCache(async (id) => (await repository.revokedAt(id)) instanceof Date, {
    ttlMs: REVOCATION_TTL_MS,
    maxEntries: REVOCATION_CACHE_ENTRIES,
  });
  const limits: InvitationLimits = {
    maxHours,
    defaultHours: {
      moderator: moderatorHours,
      speaker: Math.min(DEFAULT_HOURS, maxHours),
      participant: Math.min(DEFAULT_HOURS, maxHours),
    },
  };

  const describe = (record: InvitationRecord): InvitationInfo => ({
    invitationId: record.id,
    role: record.role,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    createdBy: record.createdBy.displayName,
    uses: record.uses,
    status: invitationStatus({ ...record, issuedAt: record.createdAt }, { now: now(), maxHours }),
  });

  const check = async (token: string): Promise<Invitation> => {
    const verified = await tokens.verifyInvitation(token);
    if (!verified) throw new AppError('UNAUTHENTICATED', 'this invitation link is not valid; ask for a new one');
    const { invitation } = verified;
    // A link without a record was minted straight from the secret (tests,
    // benchmarks): its own expiry and the server's limit still apply.
    const record = await repository.get(invitation.invitationId);
    const status = verified.hasExpired
      ? (record?.revokedAt ? 'revoked' : 'expired')
      : invitationStatus({ ...invitation, revokedAt: record?.revokedAt ?? null }, { now: now(), maxHours });
    if (status === 'revoked') throw new AppError('INVITATION_REVOKED', 'a moderator revoked this invitation link');
    if (status === 'expired') throw new AppError('INVITATION_EXPIRED', 'this invitation link has expired');
    return invitation;
  };

  return {
    limits: () => limits,

    async mint({ roomId, role, expiresInHours = limits.defaultHours[role], by }) {
      if (expiresInHours > maxHours) {
        throw new AppError('INVALID_PAYLOAD', `links last at most ${maxHours} hours on this server`);
      }
      const { token, invitation } = await tokens.invite({ roomId, role, expiresInHours });
      const record = await repository.create({
        id: invitation.invitationId,
        roomId,
        role,
        createdBy: by,
        createdAt: invitation.issuedAt,
        expiresAt: invitation.expiresAt,
      });
      return {
        url: invitationUrl(deps.linkBase(), roomId, token),
        expiresAt: invitation.expiresAt.toISOString(),
        invitation: describe(record),
      };
    },

    check,

    async redeem(token) {
      const invitation = await check(token);
      await repository.countUse(invitation.invitationId);
      return invitation;
    },

    async list(roomId) {
      return { invitations: (await repository.listForRoom(roomId, LIST_LIMIT)).map(describe), limits };
    },

    async revoke(roomId, invitationId) {
      const revoked = await repository.revoke(roomId, invitationId, new Date(now()));
      if (!revoked) throw new AppError('NOT_FOUND', 'this session has no such invitation link');
      revocations.markRevoked(invitationId);
      return { invitation: describe(revoked.record), changed: revoked.changed };
    },

    isRevoked: (invitationId) => revocations.isRevoked(invitationId),
  };
}
