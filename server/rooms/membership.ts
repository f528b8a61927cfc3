import { AppError } from '../../shared/errors.js';
import type { Identity, Role, RoomJoined } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type { RemovalRepository } from '../db/removalRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import type { RoomRepository } from '../db/roomRepository.js';
import { conversationSnapshot, type SnapshotDeps } from '../conversation/conversationSnapshot.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { EvictionReason, Peer, PeerLink } from '../media/peer.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { HandlerContext } from '../realtime/registerHandler.js';
import type { Membership } from '../realtime/session.js';
import { moderatorsChannel, personChannel, roomChannel } from '../realtime/types.js';

export interface MembershipDeps extends SnapshotDeps {
  registry: RoomRegistry;
  rooms: RoomRepository;
  removals: RemovalRepository;
  controls: RoomControlRepository;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/** An invitation's role holds in its own room; anywhere else its holder is a participant. */
export function roleIn(identity: Identity, roomId: RoomId): Role {
  return identity.roomId === roomId ? identity.role : 'participant';
}

/** Attendance rows, per peer: written on the first join, closed when the peer is gone for good. */
const visits = new WeakMap<Peer, Promise<string | null>>();

/**
 * Puts the caller in a room: a peer (a returning one keeps its id and seat),
 * a member of the room's broadcast channels, a visit on record.
 */
export async function joinRoom(ctx: HandlerContext, deps: MembershipDeps, roomId: RoomId): Promise<RoomJoined> {
  const { socket, session, logger } = ctx;
  if (session.membership) throw new AppError('CONFLICT', 'already in a room; leave it first');
  if (!(await deps.rooms.getRoom(roomId))) throw new AppError('NOT_FOUND', 'no such room');
  const { identity } = session;
  if (await deps.removals.isBarred(roomId, identity)) {
    throw new AppError('FORBIDDEN', 'a moderator removed you from this session');
  }
  const role = roleIn(identity, roomId);
  if (role !== 'moderator') await admit(ctx, deps, roomId, role);
  ctx.session.waitingIn = null;

  const room = await deps.registry.getOrCreate(roomId);
  let membership: Membership | null = null;
  const link: PeerLink = {
    socketId: socket.id,
    notify: (event, ...args) => socket.emit(event, ...args),
    onEvicted: (reason) => {
      if (membership) void evicted(ctx, membership, reason);
    },
  };
  const { peer, isReturning } = room.join(identity, role, link, () => void endVisit(ctx, deps, peer));
  membership = { room, peer };
  session.membership = membership;
  if (!isReturning) visits.set(peer, startVisit(ctx, deps, roomId, peer));

  await socket.join([roomChannel(roomId), personChannel(roomId, identity.userId)]);
  if (role === 'moderator') await socket.join(moderatorsChannel(roomId));
  logger.info({ roomId, peerId: peer.id, role, isReturning }, 'peer joined');
  // The database first, the room's live state last: from room.join on, the
  // caller hears what changes in the room (someone joins, a track starts),
  // and the client replaces what it heard with this answer. Described after
  // the last await, the answer includes everything sent before it.
  const removed = role === 'moderator' ? await deps.removals.listActive(roomId) : [];
  const conversation = await conversationSnapshot(deps, roomId, { userId: identity.userId, role });
  return {
    roomId,
    self: room.describe(peer),
    peers: room.others(peer).map((other) => room.describe(other)),
    routerRtpCapabilities: room.routerRtpCapabilities,
    stageLimit: room.stageLimit,
    activeSpeakerId: room.activeSpeakerId,
    removed,
    conversation,
  };
}

/**
 * Lets a non-moderator in, or says why not. A locked room takes nobody new;
 * a room with a lobby makes new participants wait until a moderator admits
 * them (this socket then hears `lobby:admitted` and joins again). People
 * who have been in the room before are not new: a reload or a lost
 * connection never sends them to the lobby.
 */
async function admit(ctx: HandlerContext, deps: MembershipDeps, roomId: RoomId, role: Role): Promise<void> {
  const { identity } = ctx.session;
  const controls = await deps.controls.controls(roomId);
  if (!controls) throw new AppError('NOT_FOUND', 'no such room');
  const mustWait = controls.hasLobby && role === 'participant';
  if (!controls.isLocked && !mustWait) return;
  if (await deps.rooms.knownPerson(roomId, identity.userId)) return;
  if (controls.isLocked) throw new AppError('ROOM_LOCKED', 'this session is locked: no new people can join');

  const status = await deps.controls.knock(roomId, identity);
  if (status === 'admitted') return;
  if (status === 'refused') throw new AppError('FORBIDDEN', 'a moderator did not let you in to this session');
  await ctx.socket.join(personChannel(roomId, identity.userId));
  ctx.session.waitingIn = roomId;
  deps.broadcastTo(roomId).toModerators('lobby:changed', { waiting: await deps.controls.waiting(roomId) });
  throw new AppError('IN_LOBBY', 'waiting for a moderator to let you in');
}

/** The caller's socket closed while it waited in a lobby: take it off the moderators' list. */
export async function leaveLobby(ctx: HandlerContext, deps: MembershipDeps): Promise<void> {
  const roomId = ctx.session.waitingIn;
  if (!roomId) return;
  ctx.session.waitingIn = null;
  if (await deps.controls.leaveLobby(roomId, ctx.session.identity.userId)) {
    deps.broadcastTo(roomId).toModerators('lobby:changed', { waiting: await deps.controls.waiting(roomId) });
  }
}

/** Takes the caller out of its room for good, if it is in one; everyone else is told. */
export async function leaveRoom(ctx: HandlerContext): Promise<void> {
  const membership = ctx.session.membership;
  if (!membership) return;
  membership.room.remove(membership.peer);
  await forget(ctx, membership);
}

/**
 * The caller's socket is gone. The peer keeps its place for the grace
 * period: the same person reconnecting within it gets it back.
 */
export function disconnected(ctx: HandlerContext): void {
  const membership = ctx.session.membership;
  if (!membership) return;
  ctx.session.membership = null;
  membership.room.disconnect(membership.peer, ctx.socket.id);
}

/** The server took the peer out (worker death, shutdown, removal, another connection): tell the client. */
async function evicted(ctx: HandlerContext, membership: Membership, reason: EvictionReason): Promise<void> {
  if (ctx.session.membership !== membership) return;
  // Tell the client first: on shutdown the socket is about to be closed.
  // After a worker death the registry already builds rooms on a fresh worker,
  // so the client can join again straight away.
  ctx.socket.emit('room:closed', { roomId: membership.room.id, reason, rejoin: reason === 'worker-died' });
  await forget(ctx, membership);
}

async function forget(ctx: HandlerContext, membership: Membership): Promise<void> {
  const { socket, session, logger } = ctx;
  if (session.membership === membership) session.membership = null;
  await socket.leave(roomChannel(membership.room.id));
  await socket.leave(moderatorsChannel(membership.room.id));
  await socket.leave(personChannel(membership.room.id, session.identity.userId));
  logger.info({ roomId: membership.room.id, peerId: membership.peer.id }, 'peer left');
}

function startVisit(ctx: HandlerContext, deps: MembershipDeps, roomId: RoomId, peer: Peer): Promise<string | null> {
  return deps.rooms
    .startVisit({
      roomId,
      peerId: peer.id,
      userId: peer.identity.userId,
      role: peer.role,
      displayName: peer.identity.displayName,
    })
    .catch((error: unknown) => {
      ctx.logger.warn({ err: error, roomId }, 'could not record the visit');
      return null;
    });
}

/** Closes the peer's visit once it is gone for good (it may go before the row is even written). */
async function endVisit(ctx: HandlerContext, deps: MembershipDeps, peer: Peer): Promise<void> {
  const visitId = await visits.get(peer);
  if (!visitId) return;
  await deps.rooms.endVisit(visitId).catch((error: unknown) => {
    ctx.logger.warn({ err: error }, 'could not close the visit record');
  });
}
