import { AppError } from '../../shared/errors.js';
import type { RemovalRepository } from '../db/removalRepository.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { RoomId } from '../../shared/ids.js';

export interface ModerationDeps {
  removals: RemovalRepository;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/** What moderators do to others. The permission is checked by the registrar; the target rules by the room. */
export function registerModerationHandlers(on: RegisterHandler, deps: ModerationDeps): void {
  const announceRemovals = async (roomId: RoomId) => {
    deps.broadcastTo(roomId).toModerators('moderation:removed-changed', {
      removed: await deps.removals.listActive(roomId),
    });
  };

  on('moderation:lower-hand', 'moderate', ({ session }, { peerId }) => {
    const { room, peer } = session.requireMembership();
    const target = room.peer(peerId);
    room.assertCanModerate(peer, target);
    room.lowerHand(target);
    return {};
  });

  on('moderation:stop-media', 'moderate', async ({ session }, { peerId, source }) => {
    const { room, peer } = session.requireMembership();
    await room.stopMedia(peer, room.peer(peerId), source);
    return {};
  });

  on('moderation:remove', 'moderate', async ({ session, logger }, { peerId }) => {
    const { room, peer } = session.requireMembership();
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
    room.remove(target, 'removed');
    logger.info({ roomId: room.id, target: target.id }, 'removed from the session');
    await announceRemovals(room.id);
    return {};
  });

  on('moderation:readmit', 'moderate', async ({ session }, { removalId }) => {
    const { room } = session.requireMembership();
    if (!(await deps.removals.readmit(room.id, removalId))) {
      throw new AppError('NOT_FOUND', 'no such removal in this room');
    }
    await announceRemovals(room.id);
    return {};
  });
}
