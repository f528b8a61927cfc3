import { randomBytes } from 'node:crypto';
import type { types } from 'mediasoup';
import type { Profile } from '../../shared/buzz.js';
import { AppError } from '../../shared/errors.js';
import {
  STAGE_ROLES,
  type ConsumerOptions,
  type Identity,
  type MediaSource,
  type ModerationAction,
  type PeerInfo,
  type PeerPage,
  type ProducerInfo,
  type Role,
  type RoomClosedReason,
  type StageStamp,
  type StageView,
} from '../../shared/events.js';
import {
  asConsumerId,
  type ConsumerId,
  type PeerId,
  type ProducerId,
  type RoomId,
  type TransportId,
} from '../../shared/ids.js';
import type { DtlsParameters, MediaKind, RtpCapabilities, RtpParameters } from '../../shared/mediaSchemas.js';
import type { Actor } from '../auth/permissions.js';
import type { Logger } from '../logger.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import { isAlwaysListed } from '../../shared/roster.js';
import { seatOf, Stage } from '../stage/stage.js';
import { AudienceChurn } from './audienceChurn.js';
import { Coalescer } from '../conversation/coalescer.js';
import { rangesOf, stagedBroadcast, type StagedEvent, type StagedPayload } from './stagedBroadcast.js';
import { MAX_PRODUCERS_PER_PEER, Peer, whileOpen, type Direction, type EvictionReason, type PeerLink } from './peer.js';

/** How WebRTC transports listen and what address browsers are told to use. */
export interface TransportSettings {
  listenIp: string;
  announcedIp: string | undefined;
  initialAvailableOutgoingBitrate: number;
}

export interface RoomOptions {
  transportSettings: TransportSettings;
  /** Most people on stage at once. */
  stageLimit: number;
  /** How long a peer that lost its connection keeps its place. */
  reconnectGraceMs: number;
  /** How busy a router's worker is (a newcomer is seated on the least busy). */
  loadOf(router: types.Router): number;
  /** Counts a peer on a router's worker until the returned release is called. */
  seatOn(router: types.Router): () => void;
  broadcast: RoomBroadcast;
  logger: Logger;
  /** Set for a buzz group's room: the session it split from, and which group. */
  group?: { sessionId: RoomId; index: number } | null;
}

/** How someone takes their place: on stage or not, and what they told about themselves. */
export interface Seating {
  onStage: boolean;
  profile?: Profile;
}

/**
 * A room's life: `open` while anyone is in it, then `closed` for good (a new
 * room object is created if people come back). Why it closed decides what
 * its peers are told.
 */
export type RoomState = { name: 'open' } | { name: 'closed'; reason: RoomCloseReason };
export type RoomCloseReason = 'empty' | Extract<RoomClosedReason, 'worker-died' | 'shutdown'>;

/**
 * From this many people on, audience members' arrivals and departures are
 * announced in batches (see {@link AudienceChurn}); smaller rooms hear of
 * each at once. The audience's count goes out at most once per window.
 */
const LARGE_ROOM_PEERS = 100;
const CHURN_WINDOW_MS = 250;

const VIDEO_SOURCES: readonly MediaSource[] = ['camera', 'screen'];
/** Stopping "the screen share" stops its picture and its sound. */
const STOPPED_TOGETHER: Record<'camera' | 'screen', readonly MediaSource[]> = {
  camera: ['camera'],
  screen: ['screen', 'screen-audio'],
};

/**
 * The server side of one live session. It owns one mediasoup router per
 * worker, joined with pipeToRouter, so the audience spreads over every core:
 * each newcomer is seated on the least busy worker and a stage track is
 * piped to a router the first time someone there consumes it. It also owns
 * the stage (who may send), the active-speaker observer, and the peers,
 * through whom every transport, producer and consumer is reached.
 */
export class Room {
  private state: RoomState = { name: 'open' };
  private readonly peers = new Map<PeerId, Peer>();
  /** Peers heard here without being here (a moderator speaking to every buzz group). */
  private readonly guests = new WeakSet<Peer>();
  private readonly graceTimers = new Map<PeerId, NodeJS.Timeout>();
  private readonly closeListeners = new Set<(reason: RoomCloseReason) => void>();
  private readonly leaveListeners = new WeakMap<Peer, () => void>();
  private readonly seatReleases = new WeakMap<Peer, () => void>();
  /** Per stage track, the routers it is piped to (or being piped to). */
  private readonly pipes = new Map<ProducerId, Map<string, Promise<void>>>();
  private readonly stage: Stage;
  private speakerObserver: types.ActiveSpeakerObserver | null = null;
  private activeSpeaker: PeerId | null = null;
  /** Order of arrival, for pages of the audience (a returning peer keeps its place). */
  private readonly arrivals = new WeakMap<Peer, number>();
  private lastArrival = 0;
  /** Whether everyone sees the whole audience (the room's control, or a buzz group). */
  private isRosterOpen: boolean;
  /** The stamp of the reading of the room's controls that set it (see {@link setRosterVisible}). */
  private rosterReadSeq = -Infinity;
  /** The audience's size as last announced to everyone. */
  private announcedCount = -1;
  /** This room's name in its stamps: opened again, or on another process, it numbers afresh. */
  private readonly epoch = randomBytes(6).toString('base64url');
  /** The last number given to a change of the live state (see StageStamp). */
  private stageSeq = 0;
  /** Numbers of changes told only to those who see the whole audience, not yet given to the rest (see {@link tellUnseen}). */
  private unseen: number[] = [];
  /** The room's broadcasts, for staged events (made once: every change goes through them). */
  private readonly staged: ReturnType<typeof stagedBroadcast>;
  /**
   * The count goes out at most once per window: told to everyone at each
   * arrival, a thousand people arriving would cost half a million messages.
   */
  private readonly countWindow = new Coalescer(CHURN_WINDOW_MS);
  private readonly churn = new AudienceChurn<Peer>(
    CHURN_WINDOW_MS,
    (peer) => (this.peers.get(peer.id) === peer ? this.describe(peer) : null),
    (changes) => {
      this.tellRosterViewers('peers:changed', { changes });
      this.announceCount();
    },
  );

  constructor(
    readonly id: RoomId,
    private readonly routers: types.Router[],
    private readonly options: RoomOptions,
  ) {
    if (routers.length === 0) throw new Error('a room needs at least one router');
    this.stage = new Stage(options.stageLimit);
    this.staged = stagedBroadcast(options.broadcast);
    // In a buzz group everyone talks on camera: members see each other.
    this.isRosterOpen = options.group != null;
    // A worker's death closes its routers; peers on it lose their media, and
    // piped tracks break for everyone, so the room closes and all rejoin.
    for (const router of routers) router.once('workerclose', () => this.close('worker-died'));
  }

  /** Sets up what needs an await (the active-speaker observer on the first router). */
  async start(): Promise<void> {
    const observer = await this.primary.createActiveSpeakerObserver({ interval: 300 });
    observer.on('dominantspeaker', ({ producer }) => {
      const owner = this.ownerOf(producer.id as ProducerId);
      this.setActiveSpeaker(owner?.id ?? null);
    });
    this.speakerObserver = observer;
  }

  /** For a buzz group's room: the session it split from, and which group it is. */
  get group(): { sessionId: RoomId; index: number } | null {
    return this.options.group ?? null;
  }

  /** The session this room belongs to: itself, or the one its group split from. */
  get sessionId(): RoomId {
    return this.options.group?.sessionId ?? this.id;
  }

  get isOpen(): boolean {
    return this.state.name === 'open';
  }

  get routerRtpCapabilities(): RtpCapabilities {
    return this.primary.rtpCapabilities as RtpCapabilities;
  }

  get stageLimit(): number {
    return this.stage.limit;
  }

  get activeSpeakerId(): PeerId | null {
    return this.activeSpeaker;
  }

  /** Where the live state stands: read in the same turn as what it describes. */
  get stageStamp(): StageStamp {
    return { epoch: this.epoch, seq: this.stageSeq };
  }

  /** The live state as `viewer` may see it, whole, as of its stamp, read in one turn (a join's answer, `stage:resync`). */
  stageViewOf(viewer: Peer): StageView {
    const { peers, audienceCount } = this.visibleTo(viewer);
    return { stamp: this.stageStamp, self: this.describe(viewer), peers, audienceCount, activeSpeakerId: this.activeSpeaker };
  }

  onClose(listener: (reason: RoomCloseReason) => void): void {
    this.closeListeners.add(listener);
  }

  peerList(): Peer[] {
    return [...this.peers.values()];
  }

  /** A peer of this room by id, or NOT_FOUND (ids from other rooms are simply unknown here). */
  peer(peerId: PeerId): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new AppError('NOT_FOUND', 'no such person in this room');
    return peer;
  }

  /** How many peers each router carries (diagnostics, tests). */
  routerLoads(): number[] {
    return this.routers.map((router) => this.peerList().filter((peer) => peer.router === router).length);
  }

  describe(peer: Peer): PeerInfo {
    const place = this.stage.place(peer.id);
    return {
      peerId: peer.id,
      userId: peer.identity.userId,
      displayName: peer.identity.displayName,
      role: peer.role,
      seat: seatOf(place),
      handRaisedAt: place.name === 'stage' ? null : place.handRaisedAt,
      isInvitedToStage: place.name === 'invited',
      isReconnecting: peer.isReconnecting,
      producers: peer.producerInfos(),
    };
  }

  actorOf(peer: Peer): Actor {
    return { role: peer.role, seat: this.stage.seat(peer.id), isRosterOpen: this.isRosterOpen };
  }

  /**
   * Follows the room's "everyone can see who is here" control, as read at
   * `readSeq` (server/rooms/joinCache.ts): a join holding an older reading
   * than one applied meanwhile (the control changed while it joined)
   * changes nothing. Opening it sends nothing by itself: clients ask for
   * the pages they show; closing it, clients drop what they may no longer
   * show (shared/roster.ts).
   */
  setRosterVisible(isVisible: boolean, readSeq: number): void {
    if (readSeq < this.rosterReadSeq) return;
    this.rosterReadSeq = readSeq;
    this.isRosterOpen = isVisible || this.group !== null;
  }

  /** How many people are in the audience (guests are on stage). */
  audienceCount(): number {
    let count = 0;
    for (const peer of this.peers.values()) if (this.stage.seat(peer.id) === 'audience') count++;
    return count;
  }

  /**
   * What a (re)joining person sees of the others at once: everyone on stage
   * and every moderator; moderators also the audience members waiting for
   * them (a raised hand, an invitation to answer). In a buzz group, everyone.
   * The rest of the audience comes from {@link audiencePage}.
   */
  visibleTo(viewer: Peer): { peers: PeerInfo[]; audienceCount: number } {
    const waitsForModerators = (peer: Peer) => {
      const place = this.stage.place(peer.id);
      return place.name === 'invited' || (place.name === 'audience' && place.handRaisedAt !== null);
    };
    const peers = this.peerList().filter(
      (peer) =>
        peer !== viewer &&
        (this.group !== null ||
          isAlwaysListed(this.seatingOf(peer)) ||
          (viewer.role === 'moderator' && waitsForModerators(peer))),
    );
    const audienceCount = this.audienceCount();
    // This viewer now holds a count the others may not have been told: the
    // next window must announce whatever the count is then, even if it is
    // back to the one announced last (or this viewer would keep this one).
    if (audienceCount !== this.announcedCount) this.announcedCount = -1;
    return { peers: peers.map((peer) => this.describe(peer)), audienceCount };
  }

  /**
   * A page of the audience in the order people arrived, after the arrival
   * number `after` (0: from the start). Who may ask is the permission
   * table's business ('roster:read').
   */
  audiencePage(after: number, limit: number): PeerPage {
    const page: Peer[] = [];
    let hasMore = false;
    for (const peer of this.peers.values()) {
      if ((this.arrivals.get(peer) ?? 0) <= after || this.stage.seat(peer.id) !== 'audience') continue;
      if (page.length === limit) {
        hasMore = true;
        break;
      }
      page.push(peer);
    }
    const last = page.at(-1);
    return {
      peers: page.map((peer) => this.describe(peer)),
      next: hasMore && last ? (this.arrivals.get(last) ?? null) : null,
    };
  }

  /**
   * Seats someone. The same person (same user id) coming back — after a lost
   * connection, or from a new tab — takes over their peer: same id, seat and
   * hand, with media to set up again. Someone whose role changed meanwhile
   * (the invitation it came from was revoked) is seated anew in their new
   * role instead: what their old peer held (the stage, a moderator's
   * channels) was the old role's. `onLeft` runs once they are gone for good.
   */
  join(
    identity: Identity,
    role: Role,
    link: PeerLink,
    onLeft: () => void,
    seating: Seating = { onStage: STAGE_ROLES.includes(role) },
  ): { peer: Peer; isReturning: boolean } {
    if (!this.isOpen) throw new AppError('UNAVAILABLE', 'the room is closing; join again');
    const returning = this.peerList().find((peer) => peer.identity.userId === identity.userId && !this.guests.has(peer));
    if (returning?.role === role) return { peer: this.takeOver(returning, link, seating), isReturning: true };
    // Taken out without closing the room: its owner is seated again at once.
    if (returning) this.takeOut(returning, 'replaced');
    const router = this.leastLoadedRouter();
    const peer = new Peer({ identity, role, router, link, profile: seating.profile });
    this.seatReleases.set(peer, this.options.seatOn(router));
    this.peers.set(peer.id, peer);
    this.arrivals.set(peer, ++this.lastArrival);
    this.leaveListeners.set(peer, onLeft);
    this.stage.admit(peer.id, seating.onStage);
    if (isAlwaysListed(this.seatingOf(peer))) {
      this.tellAllBut(link, 'peer:joined', this.describe(peer));
      this.announceCount();
    } else if (this.isLarge) {
      this.churn.joined(peer);
    } else {
      this.tellRosterViewers('peer:joined', this.describe(peer));
      this.announceCount();
    }
    return { peer, isReturning: false };
  }

  /** The same person's new connection takes their peer over (a connection still open is told it was replaced). */
  private takeOver(returning: Peer, link: PeerLink, seating: Seating): Peer {
    this.cancelGrace(returning);
    returning.attach(link);
    if (seating.profile) returning.profile = seating.profile;
    if (this.isSeenByAll(returning)) {
      this.tellAllBut(link, 'peer:updated', this.describe(returning));
    } else {
      this.tellRosterViewers('peer:updated', this.describe(returning));
    }
    return returning;
  }

  /** Takes a peer out for good (left, removed, or never came back); the last one out closes the room. */
  remove(peer: Peer, reason?: EvictionReason): void {
    if (!this.takeOut(peer, reason)) return;
    // Guests alone do not keep a room open.
    if (this.peerList().every((other) => this.guests.has(other))) this.close('empty');
  }

  /**
   * Takes out, at once, everyone here whose role came from this invitation
   * link (a moderator revoked it). Each is told to join again, and does so
   * with the role they hold now; people who came in with a participant's
   * link lose nothing, and stay.
   */
  evictHoldersOf(invitationId: string): void {
    const holders = this.peerList().filter(
      (peer) => peer.identity.invitationId === invitationId && peer.role !== 'participant' && !this.guests.has(peer),
    );
    for (const peer of holders) this.remove(peer, 'invitation-revoked');
  }

  /**
   * The session became a draft again (unpublished, or someone's organiser
   * role was taken back): everyone here but the organisers named in
   * `organisers` (by user id) is taken out, and told why.
   */
  keepOnly(organisers: ReadonlySet<string>): void {
    const others = this.peerList().filter((peer) => !this.guests.has(peer) && !organisers.has(peer.identity.userId));
    for (const peer of others) this.remove(peer, 'unpublished');
  }

  /** {@link remove} without closing the room; false if the peer was not (or no longer) here. */
  private takeOut(peer: Peer, reason?: EvictionReason): boolean {
    if (this.peers.get(peer.id) !== peer) return false;
    const wasListed = isAlwaysListed(this.seatingOf(peer));
    const isChurn = !wasListed && this.isLarge;
    this.peers.delete(peer.id);
    this.cancelGrace(peer);
    this.stage.forget(peer.id);
    if (reason) peer.evict(reason);
    else peer.close();
    this.seatReleases.get(peer)?.();
    this.leaveListeners.get(peer)?.();
    if (this.activeSpeaker === peer.id) this.setActiveSpeaker(null);
    if (isChurn) {
      this.churn.left(peer.id);
    } else {
      if (wasListed) this.tellAll('peer:left', { peerId: peer.id });
      else this.tellRosterViewers('peer:left', { peerId: peer.id });
      this.announceCount();
    }
    return true;
  }

  /**
   * Adds someone heard here without being here: a moderator speaking to
   * every buzz group. Their microphone stays on their own room's router and
   * is piped in when someone here consumes it, like any track on another
   * worker; the guest has no connection of its own.
   */
  addGuest(identity: Identity, router: types.Router, producer: types.Producer): Peer {
    if (!this.isOpen) throw new AppError('UNAVAILABLE', 'the room is closing');
    const peer = new Peer({
      identity,
      role: 'moderator',
      router,
      link: { socketId: `guest:${identity.userId}`, notify: () => undefined, onEvicted: () => undefined },
    });
    peer.addProducer(producer, 'microphone');
    this.guests.add(peer);
    this.peers.set(peer.id, peer);
    this.stage.admit(peer.id, true);
    this.tellAll('peer:joined', this.describe(peer));
    return peer;
  }

  isGuest(peer: Peer): boolean {
    return this.guests.has(peer);
  }

  /**
   * The peer's connection dropped. Its media stops now; its place (seat,
   * hand) waits for the grace period, then it is removed for everyone.
   */
  disconnect(peer: Peer, socketId: string): void {
    if (this.peers.get(peer.id) !== peer || peer.socketId !== socketId) return;
    peer.detach();
    if (this.activeSpeaker === peer.id) this.setActiveSpeaker(null);
    this.announce(peer, this.isSeenByAll(peer));
    const timer = setTimeout(() => {
      this.graceTimers.delete(peer.id);
      if (peer.isReconnecting) this.remove(peer);
    }, this.options.reconnectGraceMs);
    timer.unref();
    this.graceTimers.set(peer.id, timer);
  }

  async createTransport(
    peer: Peer,
    direction: Direction,
    capabilities?: RtpCapabilities,
  ): Promise<types.WebRtcTransport> {
    this.assertMember(peer);
    // Sending is for the stage; the audience has no use for a sending transport.
    if (direction === 'send' && this.stage.seat(peer.id) !== 'stage') {
      throw new AppError('FORBIDDEN', 'only people on stage send media');
    }
    if (peer.hasTransport(direction)) {
      throw new AppError('CONFLICT', `a ${direction} transport is already open`);
    }
    if (capabilities && !this.canDecodeAnything(capabilities)) {
      throw new AppError('INVALID_PAYLOAD', 'rtpCapabilities share no codec with the room');
    }
    const { listenIp, announcedIp, initialAvailableOutgoingBitrate } = this.options.transportSettings;
    const transport = await peer.router.createWebRtcTransport({
      listenIps: [{ ip: listenIp, ...(announcedIp ? { announcedIp } : {}) }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate,
      appData: { peerId: peer.id, direction },
    });
    transport.on('dtlsstatechange', (state) => {
      if (state === 'failed' || state === 'closed') transport.close();
    });
    peer.addTransport(transport, direction, capabilities);
    return transport;
  }

  async connectTransport(peer: Peer, transportId: TransportId, dtlsParameters: DtlsParameters): Promise<void> {
    this.assertMember(peer);
    const transport = peer.transport(transportId);
    try {
      await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    } catch (error) {
      // mediasoup refuses a second connect or unusable parameters.
      throw new AppError('CONFLICT', `cannot connect the transport: ${(error as Error).message}`);
    }
  }

  async produce(
    peer: Peer,
    request: { transportId: TransportId; kind: MediaKind; source: MediaSource; rtpParameters: RtpParameters },
  ): Promise<ProducerInfo> {
    this.assertMember(peer);
    const expectedKind = VIDEO_SOURCES.includes(request.source) ? 'video' : 'audio';
    if (request.kind !== expectedKind) {
      throw new AppError('INVALID_PAYLOAD', `a ${request.source} track must be ${expectedKind}`);
    }
    if (peer.hasProducerFor(request.source)) {
      throw new AppError('CONFLICT', `already sending a ${request.source} track`);
    }
    if (peer.producerCount() >= MAX_PRODUCERS_PER_PEER) {
      throw new AppError('CONFLICT', `at most ${MAX_PRODUCERS_PER_PEER} tracks at once`);
    }
    const transport = peer.transport(request.transportId, 'send');
    let producer: types.Producer;
    try {
      producer = await transport.produce({
        kind: request.kind,
        rtpParameters: request.rtpParameters as types.RtpParameters,
        appData: { source: request.source },
      });
    } catch (error) {
      throw new AppError('INVALID_PAYLOAD', `cannot send this track: ${(error as Error).message}`);
    }
    const info = peer.addProducer(producer, request.source);
    producer.observer.once('close', () => {
      this.pipes.delete(info.producerId);
      if (request.source === 'microphone' && this.activeSpeaker === peer.id) this.setActiveSpeaker(null);
    });
    if (request.source === 'microphone') await this.observeSpeaker(peer, producer);
    this.tellAllBut(peer, 'producer:added', info);
    return info;
  }

  closeProducer(peer: Peer, producerId: ProducerId): void {
    this.assertMember(peer);
    const owned = peer.producer(producerId);
    if (!owned) throw new AppError('NOT_FOUND', 'no such producer');
    owned.producer.close();
    this.tellAllBut(peer, 'producer:closed', { peerId: peer.id, producerId });
  }

  async pauseProducer(peer: Peer, producerId: ProducerId): Promise<void> {
    this.assertMember(peer);
    await peer.pauseProducer(producerId, 'self');
    this.tellAll('producer:paused', { peerId: peer.id, producerId, pausedBy: 'self' });
  }

  async resumeProducer(peer: Peer, producerId: ProducerId): Promise<void> {
    this.assertMember(peer);
    await peer.resumeProducer(producerId);
    this.tellAll('producer:resumed', { peerId: peer.id, producerId });
  }

  async consume(peer: Peer, producerId: ProducerId): Promise<ConsumerOptions> {
    this.assertMember(peer);
    const owner = this.ownerOf(producerId);
    const source = owner && owner !== peer ? owner.producer(producerId) : undefined;
    if (!owner || !source) throw new AppError('NOT_FOUND', 'no such producer in this room');
    if (peer.isConsuming(producerId)) throw new AppError('CONFLICT', 'already receiving this track');
    const capabilities = peer.rtpCapabilities;
    const transport = peer.recvTransport();
    await this.pipe(producerId, owner.router, peer.router);
    if (!capabilities || !peer.router.canConsume({ producerId, rtpCapabilities: capabilities as types.RtpCapabilities })) {
      throw new AppError('CONFLICT', 'this device cannot decode that track');
    }
    const consumer = await transport.consume({
      producerId,
      rtpCapabilities: capabilities as types.RtpCapabilities,
      // Paused until the client has attached the track, so the first
      // keyframe is not lost (mediasoup asks for one on resume).
      paused: true,
    });
    peer.addConsumer(consumer);
    return {
      consumerId: asConsumerId(consumer.id),
      producerId,
      peerId: owner.id,
      kind: consumer.kind,
      source: source.info.source,
      rtpParameters: consumer.rtpParameters as RtpParameters,
    };
  }

  async resumeConsumer(peer: Peer, consumerId: ConsumerId): Promise<void> {
    this.assertMember(peer);
    await whileOpen(peer.consumer(consumerId), (consumer) => consumer.resume());
  }

  async pauseConsumer(peer: Peer, consumerId: ConsumerId): Promise<void> {
    this.assertMember(peer);
    await whileOpen(peer.consumer(consumerId), (consumer) => consumer.pause());
  }

  /**
   * The best layer a viewer wants (its tile size). mediasoup still goes lower
   * when the viewer's bandwidth estimate falls, and the peer caps it while
   * the viewer's stream arrives with heavy loss.
   */
  async setConsumerLayers(
    peer: Peer,
    consumerId: ConsumerId,
    layers: { spatialLayer: number; temporalLayer?: number | undefined },
  ): Promise<void> {
    this.assertMember(peer);
    await peer.setWantedLayers(consumerId, layers);
  }

  raiseHand(peer: Peer): void {
    this.assertMember(peer);
    this.stage.raiseHand(peer.id, Date.now());
    this.announce(peer, this.isSeenByAll(peer));
  }

  lowerHand(peer: Peer): void {
    this.assertMember(peer);
    this.stage.lowerHand(peer.id);
    this.announce(peer, this.isSeenByAll(peer));
  }

  inviteToStage(moderator: Peer, target: Peer): void {
    this.assertCanModerate(moderator, target);
    this.stage.invite(target.id);
    this.announce(target, this.isSeenByAll(target));
    target.notify('stage:invited', { by: moderator.identity.displayName });
  }

  respondToInvitation(peer: Peer, accept: boolean): void {
    this.assertMember(peer);
    const wasSeen = this.isSeenByAll(peer);
    try {
      this.stage.respond(peer.id, accept);
    } finally {
      this.announce(peer, wasSeen);
      this.announceCount();
    }
    if (!accept) {
      this.options.broadcast.toModerators('stage:declined', { peerId: peer.id, displayName: peer.identity.displayName });
    }
  }

  /** Back to the audience, by a moderator or by choice: every track the peer sends is closed. */
  sendToAudience(peer: Peer, moderator?: Peer): void {
    if (moderator) this.assertCanModerate(moderator, peer);
    else this.assertMember(peer);
    const wasSeen = this.isSeenByAll(peer);
    this.stage.toAudience(peer.id);
    this.closeProducersOf(peer, peer.producerInfos().map((info) => info.source));
    this.announce(peer, wasSeen);
    this.announceCount();
    if (moderator) this.tellModerated(peer, moderator, { action: 'sent-to-audience' });
  }

  /**
   * Someone's role changed while they are here (an organiser granted or
   * took one back): it holds at once, with no rejoin. Leaving the roles
   * that belong on stage sends them to the audience and closes every track
   * they send; taking one up invites them to the stage when it has room
   * (they answer, as any invitation; nobody's camera starts by itself). In
   * a buzz group everyone is on stage already: only the role changes.
   */
  changeRole(peer: Peer, role: Role): void {
    this.assertMember(peer);
    if (peer.role === role || this.guests.has(peer)) return;
    const wasSeen = this.isSeenByAll(peer);
    const belongsOnStage = STAGE_ROLES.includes(role);
    const place = this.stage.place(peer.id).name;
    if (this.group === null && !belongsOnStage && place === 'stage') {
      this.stage.toAudience(peer.id);
      this.closeProducersOf(peer, peer.producerInfos().map((info) => info.source));
    } else if (this.group === null && !belongsOnStage && place === 'invited') {
      this.stage.withdrawInvitation(peer.id);
    }
    const isInvited = this.group === null && belongsOnStage && place === 'audience' && !this.stage.isFull;
    if (isInvited) this.stage.invite(peer.id);
    peer.assignRole(role);
    this.announce(peer, wasSeen);
    this.announceCount();
    // Nobody in the room asked: the invitation comes from the organisers (no name, as after a resync).
    if (isInvited) peer.notify('stage:invited', { by: '' });
  }

  /** A moderator mutes a microphone (paused: its owner may unmute) or stops a camera or screen share (closed). */
  async stopMedia(moderator: Peer, target: Peer, source: 'microphone' | 'camera' | 'screen'): Promise<void> {
    this.assertCanModerate(moderator, target);
    if (source === 'microphone') {
      const microphones = target.producersOf(['microphone']);
      if (microphones.length === 0) throw new AppError('CONFLICT', 'their microphone is not on');
      for (const { info } of microphones) {
        await target.pauseProducer(info.producerId, 'moderator');
        this.tellAll('producer:paused', {
          peerId: target.id,
          producerId: info.producerId,
          pausedBy: 'moderator',
        });
      }
      if (this.activeSpeaker === target.id) this.setActiveSpeaker(null);
      this.tellModerated(target, moderator, { action: 'muted', source });
      return;
    }
    if (target.producersOf([source]).length === 0) throw new AppError('CONFLICT', `their ${source} is not on`);
    this.closeProducersOf(target, STOPPED_TOGETHER[source]);
    this.tellModerated(target, moderator, { action: 'stopped', source });
  }

  /** Checks a moderator may act on someone: both here, and never on another moderator or oneself. */
  assertCanModerate(moderator: Peer, target: Peer): void {
    this.assertMember(moderator);
    this.assertMember(target);
    if (moderator === target) throw new AppError('CONFLICT', 'you cannot do that to yourself');
    if (target.role === 'moderator') throw new AppError('FORBIDDEN', 'moderators cannot act on other moderators');
  }

  /** Ends the room. Peers still inside are evicted and told why. */
  close(reason: RoomCloseReason): void {
    if (this.state.name === 'closed') return;
    this.state = { name: 'closed', reason };
    this.churn.close();
    this.countWindow.close();
    this.options.logger.info({ roomId: this.id, reason, peers: this.peers.size }, 'room closed');
    const evicted = this.peerList();
    this.peers.clear();
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    for (const peer of evicted) {
      if (reason === 'empty') peer.close();
      else peer.evict(reason);
      this.seatReleases.get(peer)?.();
      this.leaveListeners.get(peer)?.();
    }
    for (const router of this.routers) if (!router.closed) router.close();
    for (const listener of this.closeListeners) listener(reason);
  }

  private get primary(): types.Router {
    return this.routers[0]!;
  }

  private leastLoadedRouter(): types.Router {
    return this.routers.reduce((best, candidate) =>
      this.options.loadOf(candidate) < this.options.loadOf(best) ? candidate : best,
    );
  }

  private ownerOf(producerId: ProducerId): Peer | undefined {
    return this.peerList().find((peer) => peer.producer(producerId) !== undefined);
  }

  /** Makes a track available on another router, once per router however many ask at once. */
  private async pipe(producerId: ProducerId, from: types.Router, to: types.Router): Promise<void> {
    if (from === to) return;
    let byRouter = this.pipes.get(producerId);
    if (!byRouter) {
      byRouter = new Map();
      this.pipes.set(producerId, byRouter);
    }
    let piping = byRouter.get(to.id);
    if (!piping) {
      const routes = byRouter;
      piping = from.pipeToRouter({ producerId, router: to }).then(() => undefined);
      routes.set(to.id, piping);
      // A failed pipe is retried by the next consumer instead of failing forever.
      piping.catch(() => routes.delete(to.id));
    }
    await piping;
  }

  private async observeSpeaker(peer: Peer, producer: types.Producer): Promise<void> {
    const observer = this.speakerObserver;
    if (!observer) return;
    try {
      await this.pipe(producer.id as ProducerId, peer.router, this.primary);
      await observer.addProducer({ producerId: producer.id });
    } catch (error) {
      // The track may have closed meanwhile; speaking highlights are a nicety.
      this.options.logger.debug({ err: error, peerId: peer.id }, 'could not observe a microphone');
    }
  }

  private setActiveSpeaker(peerId: PeerId | null): void {
    if (this.activeSpeaker === peerId) return;
    this.activeSpeaker = peerId;
    this.tellAll('speaker:changed', { peerId });
  }

  private closeProducersOf(peer: Peer, sources: readonly MediaSource[]): void {
    for (const { producer, info } of peer.producersOf(sources)) {
      producer.close();
      this.tellAll('producer:closed', { peerId: peer.id, producerId: info.producerId });
    }
  }

  private tellModerated(target: Peer, moderator: Peer, action: ModerationAction): void {
    target.notify('moderation:applied', { ...action, by: moderator.identity.displayName });
    this.options.logger.info(
      { moderator: moderator.id, target: target.id, ...action },
      'moderation applied',
    );
  }

  private get isLarge(): boolean {
    return this.peers.size > LARGE_ROOM_PEERS;
  }

  private seatingOf(peer: Peer): { role: Role; seat: 'stage' | 'audience' } {
    return { role: peer.role, seat: this.stage.seat(peer.id) };
  }

  /** Whether everyone in the room may see this person now (shared/roster.ts). */
  private isSeenByAll(peer: Peer): boolean {
    return this.isRosterOpen || isAlwaysListed(this.seatingOf(peer));
  }

  /** The next number of the live state (see StageStamp). */
  private nextStamp(): StageStamp {
    this.stageSeq += 1;
    return this.stageStamp;
  }

  /** A change of the live state everyone sees. */
  private tellAll<E extends StagedEvent>(event: E, payload: StagedPayload<E>): void {
    this.flushUnseen();
    this.staged.toAll(event, payload, this.nextStamp());
  }

  /**
   * A change everyone sees, except the connection that made it (it knows,
   * from its answer or its join's), which gets the number alone.
   */
  private tellAllBut<E extends StagedEvent>(maker: { socketId: string | null; notify: PeerLink['notify'] }, event: E, payload: StagedPayload<E>): void {
    this.flushUnseen();
    const stamp = this.nextStamp();
    this.staged.toAllExcept(maker.socketId, event, payload, stamp);
    maker.notify('stage:advanced', { epoch: this.epoch, ranges: [[stamp.seq, stamp.seq]] });
  }

  /** Says something about audience members to those who see the whole audience; the others get its number. */
  private tellRosterViewers<E extends StagedEvent>(event: E, payload: StagedPayload<E>): void {
    if (this.isRosterOpen) {
      this.tellAll(event, payload);
      return;
    }
    const stamp = this.nextStamp();
    this.staged.toModerators(event, payload, stamp);
    this.tellUnseen(stamp.seq);
  }

  /**
   * The audience gets the numbers of changes it may not see a window's
   * worth at once: one message each per change would cost N² messages
   * when a large audience reconnects. Whoever was told of one anyway (the
   * person whose hand it is) holds its number already. The wait is shorter
   * than a client's patience with a hole (GAP_PATIENCE_MS).
   */
  private tellUnseen(seq: number): void {
    this.unseen.push(seq);
    this.countWindow.schedule('unseen', () => this.flushUnseen());
  }

  /**
   * Gives the audience the numbers waiting for it: when their window ends,
   * and before a change everyone sees (which would otherwise open a hole
   * behind it for as long as the window lasts).
   */
  private flushUnseen(): void {
    if (this.unseen.length === 0 || !this.isOpen) return;
    const ranges = rangesOf(this.unseen);
    this.unseen = [];
    this.options.broadcast.toAudienceExcept(null, 'stage:advanced', { epoch: this.epoch, ranges });
  }

  /**
   * The peer's new record (seat, hand, invitation, connection): to everyone
   * if everyone saw them before or sees them now (stepping onto the stage
   * or off it is seen by all), else to those who see the whole audience and
   * to the person themselves.
   */
  private announce(peer: Peer, wasSeenByAll: boolean): void {
    const record = this.describe(peer);
    if (wasSeenByAll || this.isSeenByAll(peer)) {
      this.tellAll('peer:updated', record);
      return;
    }
    const stamp = this.nextStamp();
    this.options.broadcast.toModeratorsAnd(peer.identity.userId, 'peer:updated', record, stamp);
    this.tellUnseen(stamp.seq);
  }

  /** Everyone hears how many are in the audience, shortly after it changed (see {@link countWindow}). */
  private announceCount(): void {
    this.countWindow.schedule('count', () => {
      if (!this.isOpen) return;
      const count = this.audienceCount();
      if (count === this.announcedCount) return;
      this.announcedCount = count;
      this.tellAll('audience:counted', { count });
    });
  }

  private cancelGrace(peer: Peer): void {
    const timer = this.graceTimers.get(peer.id);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(peer.id);
  }

  private assertMember(peer: Peer): void {
    if (!this.isOpen || this.peers.get(peer.id) !== peer) {
      throw new AppError('CONFLICT', 'not in this room');
    }
  }

  private canDecodeAnything(capabilities: RtpCapabilities): boolean {
    const mine = new Set((this.primary.rtpCapabilities.codecs ?? []).map((codec) => codec.mimeType.toLowerCase()));
    return (capabilities.codecs ?? []).some((codec) => mine.has(codec.mimeType.toLowerCase()));
  }
}
