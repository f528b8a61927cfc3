import { AppError } from '../../shared/errors.js';
import type { RemovalRepository } from '../db/removalRepository.js';
import type { Logger } from '../logger.js';
import type { CacheInvalidation } from '../realtime/cacheInvalidation.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { RoomId } from '../../shared/ids.js';
import type { AuditLog } from './auditLog.js';

export interface ModerationDeps {
  removals: RemovalRepository;
  audit: AuditLog;
  /** Every process's join cache forgets who is barred before anyone hears of a removal or a re-admission. */
  invalidation: CacheInvalidation;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/** What moderators do to others. The permission is checked by the registrar; the target rules by the room. */
export function registerModerationHandlers(on: RegisterHandler, deps: ModerationDeps): void {
  // After the change took effect: a list that cannot be read now is shown at the next change or join.
  const announceRemovals = async (roomId: RoomId, logger: Logger) => {
    try {
      deps.broadcastTo(roomId).toModerators('moderation:removed-changed', {
        removed: await deps.removals.listActive(roomId),
      });
    } catch (error) {
      logger.error({ err: error, roomId }, 'the list of removed people was not sent to the moderators');
    }
  };

  on('moderation:lower-hand', async ({ session }, { peerId }) => {
    const membership = session.requireMembership();
    const { room, peer } = membership;
    const target = room.peer(peerId);
    room.assertCanModerate(peer, target);
    room.lowerHand(target);
    await deps.audit.record(membership, 'hand.lower', target.identity);
    return {};
  });

  on('moderation:stop-media', async ({ session }, { peerId, source }) => {
    const membership = session.requireMembership();
    const { room, peer } = membership;
    const target = room.peer(peerId);
    await room.stopMedia(peer, target, source);
    await deps.audit.record(membership, 'media.stop', target.identity, source === 'microphone' ? 'muted microphone' : `stopped ${source}`);
    return {};
  });

  on('moderation:remove', async ({ session, logger }, { peerId }) => {
    const membership = session.requireMembership();
    const { room, peer } = membership;
    const target = room.peer(peerId);
    room.assertCanModerate(peer, target);
    // Recorded first: if the database is down, the person stays rather than
    // being removed without a bar on coming back.
    await deps.removals.record({
      roomId: room.id,
      userId: target.identity.userId,
      invitationId: target.identity.invitationId,
      displayName: target.identity.displayName,
      removedBy: peer.identity.displayName,
    });
    // Barred on every process before the person hears of it: a client that
    // asks to come back on `room:closed` is refused wherever it asks.
    await deps.invalidation.changedEverywhere('removals', room.sessionId);
    room.remove(target, 'removed');
    logger.info({ roomId: room.id, target: target.id }, 'removed from the session');
    await announceRemovals(room.id, logger);
    await deps.audit.record(membership, 'person.remove', target.identity);
    return {};
  });

  on('moderation:readmit', async ({ session, logger }, { removalId }) => {
    const membership = session.requireMembership();
    const person = await deps.removals.readmit(membership.room.id, removalId);
    if (!person) throw new AppError('NOT_FOUND', 'no such removal in this room');
    // Welcome on every process once the moderator is answered.
    await deps.invalidation.changedEverywhere('removals', membership.room.sessionId);
    await announceRemovals(membership.room.id, logger);
    await deps.audit.record(membership, 'person.readmit', person);
    return {};
  });
}
