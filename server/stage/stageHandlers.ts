import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';

/** Hands, invitations to the stage and leaving it, and the live state again for a client that missed some of it. */
export function registerStageHandlers(on: RegisterHandler, deps: { audit: AuditLog }): void {
  on('hand:raise', ({ session }) => {
    const { room, peer } = session.requireMembership();
    room.raiseHand(peer);
    return {};
  });

  on('hand:lower', ({ session }) => {
    const { room, peer } = session.requireMembership();
    room.lowerHand(peer);
    return {};
  });

  on('stage:respond', ({ session }, { accept }) => {
    const { room, peer } = session.requireMembership();
    room.respondToInvitation(peer, accept);
    return {};
  });

  on('stage:leave', ({ session }) => {
    const { room, peer } = session.requireMembership();
    room.sendToAudience(peer);
    return {};
  });

  // The live state whole, as the join told it: a number of it did not arrive (shared/events.ts, StageStamp).
  on('stage:resync', ({ session }) => {
    const { room, peer } = session.requireMembership();
    return room.stageViewOf(peer);
  });

  on('stage:invite', async ({ session }, { peerId }) => {
    const membership = session.requireMembership();
    const target = membership.room.peer(peerId);
    membership.room.inviteToStage(membership.peer, target);
    await deps.audit.record(membership, 'stage.invite', target.identity);
    return {};
  });

  on('stage:send-to-audience', async ({ session }, { peerId }) => {
    const membership = session.requireMembership();
    const target = membership.room.peer(peerId);
    membership.room.sendToAudience(target, membership.peer);
    await deps.audit.record(membership, 'stage.send-to-audience', target.identity);
    return {};
  });
}
