import type { Profile } from '../../shared/buzz.js';
import type { RoomControls } from '../../shared/conversation.js';
import { AppError } from '../../shared/errors.js';
import { STAGE_ROLES, type Identity, type Role, type RoomJoined } from '../../shared/events.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { BuzzService } from '../buzz/buzzService.js';
import type { GroupBroadcaster } from '../buzz/groupBroadcaster.js';
import type { RecordingService } from '../recording/recordingService.js';
import type { RemovalRepository } from '../db/removalRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import type { ProgrammeGate, RoomRepository } from '../db/roomRepository.js';
import type { GrantRepository } from '../programme/grantRepository.js';
import type { RegistrationRepository } from '../registration/registrationRepository.js';
import { roomRoleOf, seesDrafts } from '../../shared/eventRoles.js';
import type { RoomHomes } from './roomHomes.js';
import type { InvitationStore } from '../invitations/invitationStore.js';
import { assertNameFree } from './nameClash.js';
import type { StampedFacts } from './joinCache.js';
import { conversationSnapshot, type SnapshotDeps } from '../conversation/conversationSnapshot.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { EvictionReason, Peer, PeerLink } from '../media/peer.js';
import type { Room } from '../media/room.js';
import type { RoomRegistry } from '../media/roomRegistry.js';
import type { HandlerContext } from '../realtime/registerHandler.js';
import type { Membership } from '../realtime/session.js';
import { countArrival } from '../realtime/floodGuard.js';
import { moderatorsChannel, personChannel, roomChannel, sessionChannel } from '../realtime/types.js';

export interface MembershipDeps extends SnapshotDeps {
  registry: RoomRegistry;
  rooms: RoomRepository;
  removals: RemovalRepository;
  controls: RoomControlRepository;
  buzz: BuzzService;
  /** Which process holds a buzz group's media (with several processes). */
  roomHomes: RoomHomes;
  /** A group room opening while a moderator speaks to all groups hears them too. */
  groupAudio: GroupBroadcaster;
  /** The session's recording, for the join snapshot. */
  recording: RecordingService;
  /** Whether the invitation behind a role was revoked (a revoked one grants nothing more). */
  invitations: InvitationStore;
  /** What signed-in accounts hold in each event and session. */
  grants: Pick<GrantRepository, 'heldRoles'>;
  /** What registered people told the event (their languages and region place them in buzz groups). */
  registrations: Pick<RegistrationRepository, 'profileOf'>;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/**
 * An invitation's role holds in its own room, until a moderator revokes the
 * invitation; anywhere else, or after that, its holder is a participant.
 */
export function roleIn(identity: Identity, roomId: RoomId, isInvitationRevoked = false): Role {
  return identity.roomId === roomId && !isInvitationRevoked ? identity.role : 'participant';
}

/**
 * The caller's role in a session, and whether they may enter it at all.
 * A signed-in account's role comes from the event's grants, read now (a
 * grant changed since the identity was issued holds); a draft admits the
 * event's organisers alone, a session that requires an account admits
 * accounts and holders of its own invitation links. Otherwise an
 * invitation's role holds, its revocation checked only when it would
 * grant more than a participant's: joining as a participant costs
 * nothing, and the check is cached (server/invitations).
 */
async function resolveRole(deps: MembershipDeps, identity: Identity, sessionId: RoomId, gate: ProgrammeGate | null): Promise<Role> {
  if (identity.accountId !== null) {
    const held = await deps.grants.heldRoles(identity.accountId, gate);
    // Deleted, or signed out everywhere since the identity was issued: its token speaks for nobody.
    if (!held) throw new AppError('UNAUTHENTICATED', 'sign in again');
    if (gate?.isDraft && !seesDrafts(held.event)) throw new AppError('NOT_FOUND', 'no such room');
    return roomRoleOf(held);
  }
  // A draft's room does not exist for anyone but its organisers.
  if (gate?.isDraft) throw new AppError('NOT_FOUND', 'no such room');
  if (gate?.requiresAccount && !(identity.roomId === sessionId && identity.invitationId !== null)) {
    throw new AppError('ACCOUNT_REQUIRED', 'this session is for people signed in to an account');
  }
  const granted = roleIn(identity, sessionId);
  if (granted === 'participant' || identity.invitationId === null) return granted;
  return roleIn(identity, sessionId, await deps.invitations.isRevoked(identity.invitationId));
}

/** Attendance rows, per peer: written on the first join, closed when the peer is gone for good. */
const visits = new WeakMap<Peer, Promise<string | null>>();

/**
 * The client's id of the join that made each membership, with what it was
 * let in as: the same join asked again on the connection is answered again.
 */
const joinsMade = new WeakMap<Membership, { requestId: string; admission: Admission }>();

/** Group rooms whose claim (see RoomHomes) is given up when they close. */
const releasedOnClose = new WeakSet<Room>();

/**
 * A buzz group meets in one media room: with several processes, on the one
 * its first member entered. Anyone reaching another process is told where
 * (ELSEWHERE with its address) and changes nothing here.
 */
async function openGroupRoom(
  ctx: HandlerContext,
  deps: MembershipDeps,
  roomId: RoomId,
  group: { sessionId: RoomId; index: number },
): Promise<Room> {
  const home = await deps.roomHomes.claim(roomId).catch((error: unknown) => {
    // Redis unreachable: meeting here beats not meeting at all.
    ctx.logger.warn({ err: error, roomId }, 'room claim failed; the group meets here');
    return { isHere: true } as const;
  });
  if (!home.isHere) throw new AppError('ELSEWHERE', 'this group meets on another server process', home.url);
  try {
    const room = await deps.registry.getOrCreate(roomId, group);
    if (!releasedOnClose.has(room)) {
      releasedOnClose.add(room);
      room.onClose(() => deps.roomHomes.release(roomId));
    }
    return room;
  } catch (error) {
    deps.roomHomes.release(roomId);
    throw error;
  }
}

/** What the caller asks for when joining. */
export interface JoinRequest {
  roomId: RoomId;
  /** A moderator visiting a buzz group only to listen. */
  listenOnly?: boolean;
  profile?: Profile;
  /** The client's id for this join; sent again on the same connection, it gets the answer again. */
  requestId?: string | undefined;
}

/**
 * Puts the caller in a room: a peer (a returning one keeps its id and seat),
 * a member of the room's broadcast channels, a visit on record. A buzz
 * group's room takes its members and the session's moderators, everyone on
 * stage (a moderator may come only to listen).
 */
export async function joinRoom(ctx: HandlerContext, deps: MembershipDeps, request: JoinRequest): Promise<RoomJoined> {
  if (ctx.session.membership) return answerRepeatedJoin(ctx, deps, ctx.session.membership, request);
  const admission = await admitCaller(ctx, deps, request.roomId);
  const room = admission.group
    ? await openGroupRoom(ctx, deps, request.roomId, admission.group)
    : await deps.registry.getOrCreate(request.roomId);
  // The roster rule as read so far, before anyone hears of the caller (see answerJoin for a later reading).
  room.setRosterVisible(admission.facts.controls.isRosterVisible, admission.facts.readSeq);
  const membership = await seatCaller(ctx, deps, room, admission, request);
  // Seated: from here on, the same join asked again is answered, even if this answer is never sent.
  if (request.requestId !== undefined) joinsMade.set(membership, { requestId: request.requestId, admission });
  await followGrantsChangedMeanwhile(ctx, deps, membership, admission);
  return answerJoin(ctx, deps, membership, { ...admission, role: membership.peer.role });
}

/**
 * A grant changed while the caller joined: read before they were seated,
 * and applied live only to people seated already, it would miss them (or,
 * for someone coming back, be undone by their old peer's replacement). Read
 * again now that they are seated, and applied if it differs.
 */
async function followGrantsChangedMeanwhile(ctx: HandlerContext, deps: MembershipDeps, membership: Membership, admission: Admission): Promise<void> {
  const { accountId } = ctx.session.identity;
  if (accountId === null || admission.group || !admission.facts.programme) return;
  const held = await deps.grants.heldRoles(accountId, admission.facts.programme);
  const role = held ? roomRoleOf(held) : membership.peer.role;
  if (role !== membership.peer.role) membership.room.changeRole(membership.peer, role);
}

/**
 * A join on a connection already in a room. The join that got the caller
 * in, asked again (the client gave up waiting for its answer, e.g. while
 * the database stalled, and retried with the same requestId), is answered
 * afresh for the membership it made; anything else is CONFLICT.
 */
function answerRepeatedJoin(ctx: HandlerContext, deps: MembershipDeps, membership: Membership, request: JoinRequest): Promise<RoomJoined> {
  const made = joinsMade.get(membership);
  if (request.requestId === undefined || made?.requestId !== request.requestId || membership.room.id !== request.roomId) {
    throw new AppError('CONFLICT', 'already in a room; leave it first');
  }
  // The role as it is now: a moderator may have changed it since.
  return answerJoin(ctx, deps, membership, { ...made.admission, role: membership.peer.role });
}

/** Who the caller is let in as, and to what. */
interface Admission {
  /** The room's facts as read when the join began. */
  facts: StampedFacts;
  role: Role;
  /** The buzz group the room is, if it is one. */
  group: { sessionId: RoomId; index: number } | null;
  /** A registered person's language and region, from their registration (over what the pre-join screen asked). */
  registered: Profile | null;
}

/**
 * Whether, and as what, the caller may come in: the room exists, they are
 * not barred from its session, a locked room or a lobby lets them in, a
 * buzz group has them as a member. What every joiner reads (the room, who
 * is barred) comes from the join cache: a join costs the same few queries
 * whether the session holds ten people or a thousand.
 */
async function admitCaller(ctx: HandlerContext, deps: MembershipDeps, roomId: RoomId): Promise<Admission> {
  const facts = await deps.joinCache.roomFacts(roomId);
  if (!facts) throw new AppError('NOT_FOUND', 'no such room');
  const parentId = facts.parentRoomId;
  const { identity } = ctx.session;
  const sessionId = parentId === null ? roomId : asRoomId(parentId);
  // An account's identity is for one session (its user id derived for it, see TokenService.issueForAccount):
  // elsewhere it would carry another session's id, and a removal here would not hold for it.
  if (identity.accountId !== null && identity.roomId !== sessionId) {
    throw new AppError('UNAUTHENTICATED', 'this identity is for another session: ask for one for this session');
  }
  if (await deps.joinCache.isBarred(sessionId, identity)) {
    throw new AppError('FORBIDDEN', 'a moderator removed you from this session');
  }
  let role: Role;
  let group: Admission['group'] = null;
  if (parentId === null) {
    // A buzz group is never an arrival: only people already in the session get in.
    await countArrival(ctx);
    role = await resolveRole(deps, identity, roomId, facts.programme);
    if (role !== 'moderator') await admit(ctx, deps, roomId, role, facts.controls);
  } else {
    // An account's role comes from its session's grants (the session's facts are cached too).
    const gate = identity.accountId === null ? null : ((await deps.joinCache.roomFacts(sessionId))?.programme ?? null);
    role = await resolveRole(deps, identity, sessionId, gate);
    const admitted = await deps.buzz.admitToGroup(roomId, sessionId, identity.userId, role);
    group = { sessionId, index: admitted.index };
  }
  ctx.session.waitingIn = null;
  // Registered for the event: what they told it replaces the pre-join screen's optional answers.
  const registered =
    parentId === null && identity.accountId !== null && facts.programme
      ? await deps.registrations.profileOf(facts.programme.eventId, identity.accountId)
      : null;
  return { facts, role, group, registered };
}

/**
 * Seats the caller in the room and makes them a member of its channels:
 * from here on they hear what changes in the room.
 */
async function seatCaller(
  ctx: HandlerContext,
  deps: MembershipDeps,
  room: Room,
  { role, group, registered }: Admission,
  request: JoinRequest,
): Promise<Membership> {
  const { socket, session, logger } = ctx;
  const { identity } = session;
  // Nobody new may look like a moderator or speaker of the session (groups take only its members).
  if (!group) assertNameFree(identity, role, room.peerList());
  let membership: Membership | null = null;
  const link: PeerLink = {
    socketId: socket.id,
    notify: (event, ...args) => socket.emit(event, ...args),
    onEvicted: (reason) => {
      if (membership) void evicted(ctx, deps, membership, reason);
    },
    onRoleChanged: (newRole) => {
      const changed = membership;
      if (!changed) return;
      // In turn with the socket's own requests: a join or leave in flight finishes first.
      void session.serialize(() => roleChanged(ctx, deps, changed, newRole)).catch((error: unknown) => {
        logger.warn({ err: error, roomId: room.id }, 'a role change did not reach its connection');
      });
    },
  };
  const onStage = group ? !(request.listenOnly && role === 'moderator') : STAGE_ROLES.includes(role);
  const { peer, isReturning } = room.join(identity, role, link, () => void endVisit(ctx, deps, peer), {
    onStage,
    profile: registered ?? request.profile,
  });
  const channels = channelsOf(room, identity.userId, role);
  membership = { room, peer, channels };
  session.membership = membership;
  if (!isReturning) visits.set(peer, startVisit(ctx, deps, room.id, peer));

  await socket.join(channels);
  logger.info({ roomId: room.id, peerId: peer.id, role, isReturning }, 'peer joined');
  deps.buzz.presenceChanged(room);
  deps.groupAudio.memberJoined(room);
  return membership;
}

/**
 * The join's answer. The database first, the room's live state last: from
 * {@link seatCaller} on, the caller hears what changes in the room (someone
 * joins, a track starts, a moderator's switch), and the client replaces
 * what it heard with this answer. Described after the last await, the
 * answer includes everything sent before it.
 */
async function answerJoin(
  ctx: HandlerContext,
  deps: MembershipDeps,
  membership: Membership,
  { facts: factsAtStart, role }: Pick<Admission, 'facts' | 'role'>,
): Promise<RoomJoined> {
  const { room, peer } = membership;
  const { identity } = ctx.session;
  // Read again now that the caller hears of changes (cached: free): a
  // switch made while they joined was told before they could hear it.
  const facts = (await deps.joinCache.roomFacts(room.id)) ?? factsAtStart;
  room.setRosterVisible(facts.controls.isRosterVisible, facts.readSeq);
  const removed = role === 'moderator' ? await deps.removals.listActive(room.id) : [];
  const conversation = await conversationSnapshot(deps, room.id, { userId: identity.userId, role }, facts.controls);
  const buzz = await deps.buzz.snapshot(room, { userId: identity.userId, displayName: identity.displayName }, role);
  // The stage, the moderators and a count, as `stage:resync` answers them; the rest of the audience a page at a time (peers:list).
  const { stamp, self, peers, audienceCount, activeSpeakerId } = room.stageViewOf(peer);
  return {
    roomId: room.id,
    self,
    peers,
    audienceCount,
    routerRtpCapabilities: room.routerRtpCapabilities,
    stageLimit: room.stageLimit,
    activeSpeakerId,
    removed,
    conversation,
    buzz,
    // Buzz groups are not recorded: their members see the session's indicator again when they return.
    recording: room.group ? null : deps.recording.statusFor(room.id, identity.userId, room.actorOf(peer)),
    stage: stamp,
  };
}

/**
 * The channels a member listens on: the room's, their own, the whole
 * session's (timers, broadcasts, the end of buzz groups reach the main room
 * and every group), and for moderators the session's moderators' (help
 * calls reach a moderator visiting a group too).
 */
function channelsOf(room: Room, userId: string, role: Role): string[] {
  const sessionId = room.sessionId;
  const channels = new Set([
    roomChannel(room.id),
    personChannel(room.id, userId),
    sessionChannel(sessionId),
    personChannel(sessionId, userId),
  ]);
  if (role === 'moderator') {
    channels.add(moderatorsChannel(room.id));
    channels.add(moderatorsChannel(sessionId));
  }
  return [...channels];
}

/**
 * Lets a non-moderator in, or says why not. A locked room takes nobody new;
 * a room with a lobby makes new participants wait until a moderator admits
 * them (this socket then hears `lobby:admitted` and joins again). People
 * who have been in the room before are not new: a reload or a lost
 * connection never sends them to the lobby.
 */
async function admit(ctx: HandlerContext, deps: MembershipDeps, roomId: RoomId, role: Role, controls: RoomControls): Promise<void> {
  const { identity } = ctx.session;
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
export async function leaveRoom(ctx: HandlerContext, deps: MembershipDeps): Promise<void> {
  const membership = ctx.session.membership;
  if (!membership) return;
  membership.room.remove(membership.peer);
  await forget(ctx, deps, membership);
}

/**
 * The caller's socket is gone. The peer keeps its place for the grace
 * period: the same person reconnecting within it gets it back.
 */
export function disconnected(ctx: HandlerContext, deps: MembershipDeps): void {
  const membership = ctx.session.membership;
  if (!membership) return;
  ctx.session.membership = null;
  membership.room.disconnect(membership.peer, ctx.socket.id);
  deps.buzz.presenceChanged(membership.room);
}

/**
 * An organiser changed the caller's role while they are here: their
 * channels follow (a moderator's join the moderators'), and they get their
 * new view of the room, as a join would answer it now: the same peer,
 * transports and tracks, no rejoin.
 */
async function roleChanged(ctx: HandlerContext, deps: MembershipDeps, membership: Membership, role: Role): Promise<void> {
  const { socket, session } = ctx;
  if (session.membership !== membership || membership.peer.role !== role) return;
  const channels = channelsOf(membership.room, session.identity.userId, role);
  for (const channel of membership.channels) if (!channels.includes(channel)) await socket.leave(channel);
  await socket.join(channels);
  membership.channels = channels;
  const facts = await deps.joinCache.roomFacts(membership.room.id);
  if (!facts || session.membership !== membership) return;
  socket.emit('role:changed', await answerJoin(ctx, deps, membership, { facts, role }));
}

/** The server took the peer out (worker death, shutdown, removal, another connection): tell the client. */
async function evicted(ctx: HandlerContext, deps: MembershipDeps, membership: Membership, reason: EvictionReason): Promise<void> {
  if (ctx.session.membership !== membership) return;
  // Tell the client first: on shutdown the socket is about to be closed.
  // After a worker death the registry already builds rooms on a fresh worker,
  // so the client can join again straight away; so can someone whose
  // invitation was revoked (they come back with the role they now hold).
  const rejoin = reason === 'worker-died' || reason === 'invitation-revoked';
  ctx.socket.emit('room:closed', { roomId: membership.room.id, reason, rejoin });
  await forget(ctx, deps, membership);
}

async function forget(ctx: HandlerContext, deps: MembershipDeps, membership: Membership): Promise<void> {
  const { socket, session, logger } = ctx;
  if (session.membership === membership) session.membership = null;
  for (const channel of membership.channels) await socket.leave(channel);
  deps.buzz.presenceChanged(membership.room);
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
