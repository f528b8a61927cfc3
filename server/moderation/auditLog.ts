import type { AuditAction } from '../../shared/conversation.js';
import type { RoomId } from '../../shared/ids.js';
import type { AuditRepository } from '../db/auditRepository.js';
import type { Logger } from '../logger.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { Membership } from '../realtime/session.js';

/** Who a moderation action was done to. */
export interface AuditTarget {
  userId?: string | null;
  displayName: string;
}

/** Records moderation actions and shows each one live to the room's moderators. */
export interface AuditLog {
  /** Called after the action took effect, by the moderator's membership. */
  record(by: Membership, action: AuditAction, target?: AuditTarget | null, detail?: string | null): Promise<void>;
}

export function createAuditLog(deps: {
  audit: AuditRepository;
  broadcastTo(roomId: RoomId): RoomBroadcast;
  logger: Logger;
}): AuditLog {
  return {
    async record({ room, peer }, action, target = null, detail = null) {
      const { userId, displayName } = peer.identity;
      // One log per session: what a moderator does in a buzz group is the session's record too.
      const roomId = room.sessionId;
      try {
        const entry = await deps.audit.record({ roomId, actor: { userId, displayName }, action, target, detail });
        deps.broadcastTo(roomId).toModerators('audit:recorded', entry);
      } catch (error) {
        // The action already happened; failing it now would mislead the
        // moderator. The log line keeps the record.
        deps.logger.error({ err: error, roomId: room.id, action, actor: userId, target }, 'audit entry not written');
      }
    },
  };
}
