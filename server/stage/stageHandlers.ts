import type { RegisterHandler } from '../realtime/registerHandler.js';

/** Hands, invitations to the stage and leaving it. */
export function registerStageHandlers(on: RegisterHandler): void {
  on('hand:raise', 'hand:raise', ({ session }) => {
    const { room, peer } = session.requireMembership();
    room.raiseHand(peer);
    return {};
  });

  on('hand:lower', 'self:respond', ({ session }) => {
    const { room, peer } = session.requireMembership();
    room.lowerHand(peer);
    return {};
  });

  on('stage:respond', 'self:respond', ({ session }, { accept }) => {
    const { room, peer } = session.requireMembership();
    room.respondToInvitation(peer, accept);
    return {};
  });

  on('stage:leave', 'stage:leave', ({ session }) => {
    const { room, peer } = session.requireMembership();
    room.sendToAudience(peer);
    return {};
  });

  on('stage:invite', 'moderate', ({ session }, { peerId }) => {
    const { room, peer } = session.requireMembership();
    room.inviteToStage(peer, room.peer(peerId));
    return {};
  });

  on('stage:send-to-audience', 'moderate', ({ session }, { peerId }) => {
    const { room, peer } = session.requireMembership();
    room.sendToAudience(room.peer(peerId), peer);
    return {};
  });
}
