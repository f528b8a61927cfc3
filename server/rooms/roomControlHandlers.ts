import { AppError } from '../../shared/errors.js';
import type { RoomControls } from '../../shared/conversation.js';
import type { RoomId } from '../../shared/ids.js';
import type { AuditRepository } from '../db/auditRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { CacheInvalidation } from '../realtime/cacheInvalidation.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';

export interface RoomControlDeps {
  controls: RoomControlRepository;
  auditEntries: AuditRepository;
  audit: AuditLog;
  /** Every process's join cache (and live room) follows a change before the moderator is answered. */
  invalidation: CacheInvalidation;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

const CONTROL_NAMES: Record<keyof RoomControls, string> = {
  isLocked: 'locked',
  hasLobby: 'lobby',
  isAudienceChatEnabled: 'audience chat',
  autoRecord: 'record automatically',
  isRosterVisible: 'everyone sees who is here',
};

/** Moderators' switches for the whole room (audited like every moderation action), the lobby's decisions, and the audit log. */
export function registerRoomControlHandlers(on: RegisterHandler, deps: RoomControlDeps): void {
  on('room:set-controls', async ({ session }, change) => {
    const membership = session.requireMembership();
    const roomId = membership.room.id;
    const before = await deps.controls.controls(roomId);
    if (!before) throw new AppError('NOT_FOUND', 'no such room');
    const after = await deps.controls.setControls(roomId, change);
    const changed = (Object.keys(CONTROL_NAMES) as (keyof RoomControls)[]).filter((key) => before[key] !== after[key]);
    if (changed.length === 0) return after;
    // A lock or a lobby set here holds on every process before anyone hears
    // of it. Never rejected (a failure is logged): the change is written, so
    // the room must hear of it and the audit log keep it. This is the one
    // invalidation of the change; its broadcast forgets nothing more.
    await deps.invalidation.changedEverywhere('room', roomId);
    deps.broadcastTo(roomId).toAll('room:controls-changed', after);
    const detail = changed.map((key) => `${CONTROL_NAMES[key]}: ${after[key] ? 'on' : 'off'}`).join(', ');
    await deps.audit.record(membership, 'room.controls', null, detail);
    return after;
  });

  const decide = (event: 'lobby:admit' | 'lobby:refuse', decision: 'admitted' | 'refused') =>
    on(event, async ({ session }, { entryId }) => {
      const membership = session.requireMembership();
      const roomId = membership.room.id;
      const person = await deps.controls.decide(roomId, entryId, decision, membership.peer.identity.displayName);
      if (!person) throw new AppError('NOT_FOUND', 'nobody is waiting with that entry in this room');
      const broadcast = deps.broadcastTo(roomId);
      broadcast.toPerson(person.userId, decision === 'admitted' ? 'lobby:admitted' : 'lobby:refused', { roomId });
      broadcast.toModerators('lobby:changed', { waiting: await deps.controls.waiting(roomId) });
      await deps.audit.record(membership, decision === 'admitted' ? 'lobby.admit' : 'lobby.refuse', person);
      return {};
    });
  decide('lobby:admit', 'admitted');
  decide('lobby:refuse', 'refused');

  on('audit:list', async ({ session }, { before, limit = 50 }) => {
    const { room } = session.requireMembership();
    return deps.auditEntries.page(room.id, { before, limit });
  });
}
