import { AppError } from '../../shared/errors.js';
import type { RoomJoined } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import { Peer, type EvictionReason } from '../media/peer.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { HandlerContext } from '../realtime/registerHandler.js';
import type { Membership } from '../realtime/session.js';
import { roomChannel } from '../realtime/types.js';
import type { RoomRepository } from '../db/roomRepository.js';

export interface MembershipDeps {
  registry: RoomRegistry;
  rooms: RoomRepository;
}

/** Puts the caller in a room: a peer in the live room, a member of its broadcast channel, a visit on record. */
export async function joinRoom(ctx: HandlerContext, deps: MembershipDeps, roomId: RoomId): Promise<RoomJoined> {
  const { socket, session, logger } = ctx;
  if (session.membership) throw new AppError('CONFLICT', 'already in a room; leave it first');
  if (!(await deps.rooms.getRoom(roomId))) throw new AppError('NOT_FOUND', 'no such room');

  const room = await deps.registry.getOrCreate(roomId);
  const peer = new Peer({
    identity: session.identity,
    notify: (event, ...args) => socket.emit(event, ...args),
    onEvicted: (reason) => void evicted(ctx, deps, membership, reason),
  });
  room.add(peer);
  const visitId = deps.rooms
    .startVisit({ roomId, peerId: peer.id, displayName: session.identity.displayName })
    .catch((error: unknown) => {
      logger.warn({ err: error, roomId }, 'could not record the visit');
      return null;
    });
  const membership: Membership = { room, peer, visitId };
  session.membership = membership;

  await socket.join(roomChannel(roomId));
  socket.to(roomChannel(roomId)).emit('peer:joined', peer.info());
  logger.info({ roomId, peerId: peer.id }, 'peer joined');
  return {
    roomId,
    self: peer.info(),
    peers: room.others(peer).map((other) => other.info()),
    routerRtpCapabilities: room.routerRtpCapabilities,
  };
}

/** Takes the caller out of its room, if any; everyone else is told. */
export async function leaveRoom(ctx: HandlerContext, deps: MembershipDeps): Promise<void> {
  const membership = ctx.session.membership;
  if (!membership) return;
  membership.room.remove(membership.peer);
  await forget(ctx, deps, membership);
}

/** The room closed under the peer (worker death, shutdown): forget it and tell the client. */
async function evicted(
  ctx: HandlerContext,
  deps: MembershipDeps,
  membership: Membership,
  reason: EvictionReason,
): Promise<void> {
  if (ctx.session.membership !== membership) return;
  // Tell the client first: on shutdown the socket is about to be closed.
  // After a worker death the registry already builds rooms on a fresh worker,
  // so the client can join again straight away.
  ctx.socket.emit('room:closed', { roomId: membership.room.id, reason, rejoin: reason === 'worker-died' });
  await forget(ctx, deps, membership);
}

async function forget(ctx: HandlerContext, deps: MembershipDeps, membership: Membership): Promise<void> {
  const { socket, session, logger } = ctx;
  session.membership = null;
  const channel = roomChannel(membership.room.id);
  await socket.leave(channel);
  socket.to(channel).emit('peer:left', { peerId: membership.peer.id });
  logger.info({ roomId: membership.room.id, peerId: membership.peer.id }, 'peer left');
  const visitId = await membership.visitId;
  if (visitId) {
    await deps.rooms.endVisit(visitId).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not close the visit record');
    });
  }
}
