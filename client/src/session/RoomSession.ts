import type {
  ClientEventName,
  MediaSource,
  ModerationAction,
  ProducerInfo,
  RequestOf,
  ResponseOf,
  Role,
  RoomClosedReason,
  Seat,
  ServerToClientEvents,
  StageNumbers,
  StageStamp,
  StageView,
} from '../../../shared/events.js';
import type { BuzzPlace, BuzzSnapshot } from '../../../shared/buzz.js';
import type { ConsumerId, RoomId } from '../../../shared/ids.js';
import { cleanDisplayName } from '../../../shared/displayName.js';
import { createIdentity } from '../api/httpApi.js';
import { LocalMedia } from '../media/LocalMedia.js';
import type { MediaClient } from '../media/MediaClient.js';
import { MediaClosedError } from '../media/MediaClosedError.js';
import type { InboundRtpSummary } from '../media/inboundRtpStats.js';
import type { RecoveryTrigger } from '../media/transportRecovery.js';
import { decideVideoFlow, type DataSaver, type VideoView } from '../media/videoQuality.js';
import { bindServerEvents, followBuzzEnded, followBuzzPlace, type SessionControls } from '../realtime/bindServerEvents.js';
import { describeActionError, describeError, describeRetrying, RequestError } from '../realtime/requestError.js';
import { ActionIds } from '../realtime/requestId.js';
import { closeSocket, openSocket, request, type AppSocket } from '../realtime/socket.js';
import type { AppStore } from '../store/appStore.js';
import { forgetRoomIdentity, loadRoomIdentity, saveRoomIdentity } from '../store/identityStorage.js';
import { BuzzResync, missedBuzzChange, type BuzzMessageKind } from './BuzzResync.js';
import { ConversationCatchUp } from './ConversationCatchUp.js';
import type { GroupNotes, NotesSendResult } from './GroupNotes.js';
import { isRetryable, retryDelayMs } from './retryPolicy.js';
import { StagePublisher } from './StagePublisher.js';
import { StageResync } from './StageResync.js';
import { arrivalOf } from './stageDevices.js';

const LEAVE_TIMEOUT_MS = 3_000;
/** Failed attempts to reach a buzz group's server process before asking the page's own server again. */
const MAX_UNREACHABLE_ELSEWHERE = 3;

/** Why the server took us out of the room for good: joining again by ourselves would not help. */
const FINAL_CLOSE_MESSAGES: Partial<Record<RoomClosedReason, string>> = {
  removed: 'A moderator removed you from this session.',
  replaced: 'You joined this session from another tab or window, so it was closed here.',
};

const LOBBY_REFUSED_MESSAGE = 'A moderator did not let you in to this session.';

/** Joining is refused for good: a moderator removed this identity, or turned it away at the lobby. */
const BARRED_MESSAGE = 'A moderator removed you from this session or did not let you in.';

/**
 * One person's stay in one room, across reconnections: connects the socket,
 * joins, sets up media, and rebuilds it all when the connection or the media
 * worker is lost. Writes plain state to the store; owns the objects.
 */
export class RoomSession implements SessionControls {
  readonly localMedia: LocalMedia;
  /** What we send; see {@link StagePublisher}. */
  readonly publisher: StagePublisher;
  private socket: AppSocket | null = null;
  private media: MediaClient | null = null;
  private unbindServerEvents: (() => void) | null = null;
  /** How each received video is shown (size, on screen), reported by its tile. */
  private readonly videoViews = new Map<ConsumerId, VideoView>();
  /**
   * Bumped by every (re)join and by leaving: async work started by an older
   * attempt compares its number and stops instead of touching newer state.
   */
  private attempt = 0;
  /** Whether the server counts us in the room (so a retry must leave first). */
  private isInRoom = false;
  private failedAttempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * The room actually joined: the session's (the page's room), or during
   * buzz groups our group's. A reconnection goes back to it; the server
   * refuses a group that has ended, and we return to the session.
   */
  private currentRoomId: RoomId | null = null;
  /** A moderator visiting a group only to listen (not on its stage). */
  private isListeningOnly = false;
  /** The room of the last join that got in: a join elsewhere is a move (see arrivalOf). */
  private joinedRoomId: RoomId | null = null;
  /**
   * The requestId of the join under way, per room: kept while attempts
   * fail, so a join that got in though its answer was lost (a stalled
   * server, a timeout) is answered again instead of refused as CONFLICT.
   */
  private readonly joinIds = new ActionIds();
  /**
   * The server process we are connected to: null for the page's own; with
   * several processes, a buzz group's (its media lives on one of them).
   */
  private serverUrl: string | null = null;
  /** Connection attempts to {@link serverUrl} that failed in a row. */
  private unreachableCount = 0;
  /** The notes of the group we are in; kept across reconnections to the same group. */
  private notes: GroupNotes | null = null;
  /** Follows the conversation's change numbers in the stay under way, and asks for what a lost broadcast hid. */
  private catchUp: ConversationCatchUp | null = null;
  /** Asks for the buzz round again in the stay under way when the server says broadcasts may have been lost. */
  private buzzResync: BuzzResync | null = null;
  /** The current stay's follower of the live state's numbers. */
  private stageResync: StageResync | null = null;
  /**
   * Where the conversation stood when a stay was cut short (the connection
   * lost, the room closed under us). Rejoining that room with the same role
   * keeps what we hold and catches up from `head`; anything else starts
   * afresh from the join's snapshot.
   */
  private interruptedStay: { roomId: RoomId; role: Role; head: number } | null = null;

  constructor(private readonly store: AppStore) {
    this.localMedia = new LocalMedia((source) => this.publisher.handleTrackEnded(source));
    this.publisher = new StagePublisher(store, this.localMedia, () => this.media);
  }

  get currentMedia(): MediaClient | null {
    return this.media;
  }

  /** The notes pad's document while we are in a buzz group. */
  get groupNotes(): GroupNotes | null {
    return this.notes;
  }

  /** Enters a room: gets an identity if needed, connects, and joins once connected. */
  async join(roomId: RoomId): Promise<void> {
    this.clearRetry();
    this.endStay();
    this.currentRoomId = roomId;
    this.serverUrl = null;
    this.store.getState().startJoining(roomId);
    this.failedAttempts = 0;
    try {
      await this.ensureIdentity(roomId);
    } catch (error) {
      const isNameRefused = error instanceof RequestError && error.code === 'INVALID_PAYLOAD';
      this.store.getState().failRoom(isNameRefused ? 'This name cannot be used. Please choose another one.' : describeError(error));
      return;
    }
    if (this.store.getState().roomId !== roomId) return;
    this.connect(roomId);
  }

  /** Leaves the room and closes the connection; local devices stay as they are. */
  async leave(): Promise<void> {
    // State changes first and synchronously: the UI moves on at once, and a
    // join started meanwhile is not undone by this leave finishing later.
    this.attempt += 1;
    this.clearRetry();
    this.endStay();
    this.teardownMedia();
    this.store.getState().resetPeers([]);
    this.store.getState().setSelf(null);
    this.store.getState().setRemoved([]);
    this.store.getState().resetConversation(null);
    this.store.getState().resetBuzz(null);
    this.closeNotes();
    this.currentRoomId = null;
    this.isListeningOnly = false;
    this.joinedRoomId = null;
    this.serverUrl = null;
    this.store.getState().markLeft();
    this.unbindServerEvents?.();
    this.unbindServerEvents = null;
    const socket = this.socket;
    const wasInRoom = this.isInRoom;
    this.isInRoom = false;
    if (wasInRoom) {
      // Best effort: the server also cleans up when the socket closes.
      await request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
    }
    if (this.socket === socket) this.closeConnection();
  }

  /** Closes everything, devices included (the person left the room page). */
  async dispose(): Promise<void> {
    const leaving = this.leave();
    this.publisher.closeAll();
    this.store.getState().setPreviewStatus('idle');
    this.store.getState().resetRoom();
    await leaving;
  }

  /**
   * Sends a room action (raise a hand, invite someone to the stage, send a
   * chat message, …). A refusal becomes a notice for the person; the result
   * is null then.
   */
  async perform<E extends ClientEventName>(event: E, payload: RequestOf<E>): Promise<ResponseOf<E> | null> {
    try {
      return await request(event, payload);
    } catch (error) {
      console.warn(`[convene] ${event} failed`, error);
      this.store.getState().addNotice(describeActionError(error));
      return null;
    }
  }

  /** The track of a remote consumer, to attach to a media element. */
  remoteTrack(consumerId: ConsumerId): MediaStreamTrack | null {
    return this.media?.trackOf(consumerId) ?? null;
  }

  /** A tile reports how it shows a received video; the flow follows (paused off screen, layer by size). */
  setVideoView(consumerId: ConsumerId, view: VideoView | null): void {
    if (!view) {
      // The tile went away; the next tile to show this video reports its own view.
      this.videoViews.delete(consumerId);
      return;
    }
    this.videoViews.set(consumerId, view);
    this.applyVideoFlow(consumerId);
  }

  setDataSaver(dataSaver: DataSaver): void {
    this.store.getState().setDataSaver(dataSaver);
    for (const peer of this.store.getState().peers) {
      for (const consumer of peer.consumers) {
        if (consumer.kind === 'video') this.applyVideoFlow(consumer.consumerId);
      }
    }
  }

  getInboundRtpStats(): Promise<InboundRtpSummary[]> {
    return this.media?.getInboundRtpStats() ?? Promise.resolve([]);
  }

  /** Attempts to reconnect media in this stay, by what started them (diagnostics). */
  getMediaRecoveryAttempts(): Record<RecoveryTrigger, number> {
    return this.media?.recoveryAttempts ?? { backoff: 0, person: 0 };
  }

  /** The person asked to try the media connection again now ("Try again"). */
  retryMedia(): void {
    this.media?.retryConnection();
  }

  consume(producer: ProducerInfo): void {
    const media = this.media;
    // Before the receiving transport is open, producers wait in the store;
    // consumeKnownProducers() picks them up.
    if (!media?.isOpen) return;
    if (producer.peerId === this.store.getState().selfPeerId) return;
    void this.receive(media, producer);
  }

  handleSeatChanged(seat: Seat): void {
    if (!this.media?.isOpen) return;
    void this.publisher.handleSeatChanged(seat);
  }

  handleModerationApplied(action: ModerationAction): void {
    void this.publisher.handleModeration(action);
  }

  handleRoomClosed(payload: Parameters<ServerToClientEvents['room:closed']>[0]): void {
    const state = this.store.getState();
    if (payload.roomId !== state.roomId) return;
    this.attempt += 1;
    this.isInRoom = false;
    this.interruptStay();
    this.teardownMedia();
    const finalMessage = FINAL_CLOSE_MESSAGES[payload.reason];
    if (finalMessage) {
      this.closeConnection();
      this.publisher.closeAll();
      state.failRoom(finalMessage, { canRetry: payload.reason === 'replaced' });
    } else if (payload.reason === 'invitation-revoked') {
      // The link our role came from was revoked: the same identity joins again, as a participant.
      state.addNotice(`Your ${state.self?.role ?? 'invitation'} link was revoked: you are now a participant.`);
      state.startRejoining('Your invitation link was revoked. Joining again as a participant…');
      void this.enterRoom();
    } else if (payload.rejoin) {
      state.startRejoining('The media server restarted. Reconnecting…');
      void this.enterRoom();
    } else if (payload.reason === 'shutdown') {
      // The socket will drop and reconnect; the 'connect' handler joins again.
      state.startRejoining('The server is restarting. Reconnecting…');
    } else {
      state.failRoom('The room was closed.');
    }
  }

  handleBuzzPlace(place: BuzzPlace): void {
    const sessionId = this.store.getState().roomId;
    if (!sessionId) return;
    const target = place.group?.roomId ?? sessionId;
    void this.moveTo(target, target === sessionId ? 'Returning to the main session…' : `Moving to ${place.group?.name ?? 'your group'}…`);
  }

  handleBuzzEnded(): void {
    const sessionId = this.store.getState().roomId;
    if (sessionId) void this.moveTo(sessionId, 'The groups have ended. Returning to the main session…');
  }

  handleNotesUpdated(update: Uint8Array): void {
    this.notes?.applyRemote(update);
  }

  sawChange(changeSeq: number): void {
    this.catchUp?.saw(changeSeq);
  }

  sawStage(stamp: StageStamp | undefined): void {
    this.stageResync?.sawStamp(stamp);
  }

  sawStageNumbers(numbers: StageNumbers): void {
    this.stageResync?.sawNumbers(numbers);
  }

  admitsBuzz(kind: BuzzMessageKind, seq: number): boolean {
    // Between stays (moving rooms) a message is taken as it comes: the next join's snapshot replaces it.
    return this.buzzResync?.admits(kind, seq) ?? true;
  }

  handleCheckRequested(): void {
    this.catchUp?.check();
    this.stageResync?.check();
    this.buzzResync?.check();
  }

  /** Moderators: go to a buzz group's room, on its stage or only to listen. */
  async visitGroup(roomId: RoomId, name: string, { listenOnly }: { listenOnly: boolean }): Promise<void> {
    if (this.currentRoomId === roomId && this.isListeningOnly === listenOnly) return;
    this.isListeningOnly = listenOnly;
    // Moving to the same room with another way of being there: join it again.
    if (this.currentRoomId === roomId) this.currentRoomId = null;
    await this.moveTo(roomId, `${listenOnly ? 'Listening in on' : 'Joining'} ${name}…`);
  }

  /** Back from a buzz group to the main session (a visiting moderator). */
  async returnToSession(): Promise<void> {
    const sessionId = this.store.getState().roomId;
    if (!sessionId) return;
    this.isListeningOnly = false;
    await this.moveTo(sessionId, 'Returning to the main session…');
  }

  /**
   * Leaves the room we are in and joins another of the same session (our
   * buzz group, or back to the session), on the same connection. What we
   * send follows: on stage in a group, the camera and microphone are sent
   * again as they were.
   */
  private async moveTo(roomId: RoomId, detail: string): Promise<void> {
    if (this.currentRoomId === roomId) return;
    this.currentRoomId = roomId;
    const { status } = this.store.getState();
    if (status === 'idle' || status === 'left' || status === 'error' || status === 'waiting') return;
    this.store.getState().startRejoining(detail);
    // enterRoom leaves the room we are in first (one room per connection).
    await this.enterRoom();
  }

  handleLobbyAdmitted({ roomId }: Parameters<ServerToClientEvents['lobby:admitted']>[0]): void {
    const state = this.store.getState();
    if (roomId !== state.roomId || state.status !== 'waiting') return;
    state.startJoining(roomId);
    void this.enterRoom();
  }

  handleLobbyRefused({ roomId }: Parameters<ServerToClientEvents['lobby:refused']>[0]): void {
    const state = this.store.getState();
    if (roomId !== state.roomId || state.status !== 'waiting') return;
    this.attempt += 1;
    this.clearRetry();
    this.closeConnection();
    this.publisher.closeAll();
    state.failRoom(LOBBY_REFUSED_MESSAGE, { canRetry: false });
  }

  private connect(roomId: RoomId): void {
    this.closeConnection();
    const socket = openSocket({
      getToken: () => this.store.getState().token ?? '',
      renewIdentity: async () => {
        forgetRoomIdentity(roomId);
        this.store.getState().forgetIdentity();
        await this.ensureIdentity(roomId);
      },
      onUnreachable: () => {
        // The group's process is gone: the page's own server knows where the group is now.
        if (this.serverUrl !== null && ++this.unreachableCount >= MAX_UNREACHABLE_ELSEWHERE) {
          this.switchServer(null);
          return;
        }
        const { status } = this.store.getState();
        if (status === 'joining' || status === 'rejoining' || status === 'waiting') {
          this.store.getState().setStatusDetail('Cannot reach the server. Still trying…');
        }
      },
      onRefused: (message) => {
        this.attempt += 1;
        this.endStay();
        this.teardownMedia();
        this.closeConnection();
        this.store.getState().failRoom(message);
      },
    }, this.serverUrl);
    this.socket = socket;
    this.unbindServerEvents = bindServerEvents(socket, this.store, this);
    // Fires on the first connection and on every reconnection.
    socket.on('connect', () => {
      this.unreachableCount = 0;
      void this.enterRoom();
    });
    socket.on('disconnect', (reason) => this.handleDisconnect(reason));
  }

  /**
   * Connects to another process of the platform (null: the page's own) and
   * joins there; the room we are in was left already.
   */
  private switchServer(serverUrl: string | null): void {
    const sessionId = this.store.getState().roomId;
    if (!sessionId) return;
    this.attempt += 1;
    this.isInRoom = false;
    this.interruptStay();
    this.teardownMedia();
    this.serverUrl = serverUrl;
    this.unreachableCount = 0;
    this.connect(sessionId);
  }

  private closeConnection(): void {
    this.unbindServerEvents?.();
    this.unbindServerEvents = null;
    if (this.socket) closeSocket();
    this.socket = null;
  }

  /**
   * The identity to connect with: the one this tab already has for the room
   * (a reload comes back as the same person, seat included), or a new one.
   */
  private async ensureIdentity(roomId: RoomId): Promise<void> {
    const { token, identity, displayName, invitation } = this.store.getState();
    // An invitation's role holds in its own room only: elsewhere, start afresh.
    if (token && identity && (identity.roomId === null || identity.roomId === roomId)) {
      saveRoomIdentity(roomId, { token, identity, invitation });
      return;
    }
    // As the server will store it, so a reload with the same name is the same person.
    const name = cleanDisplayName(displayName);
    const stored = loadRoomIdentity(roomId);
    if (stored && stored.identity.displayName === name && stored.invitation === invitation) {
      this.store.getState().setIdentity(stored);
      return;
    }
    const response = await createIdentity(name, invitation);
    this.store.getState().setIdentity(response);
    saveRoomIdentity(roomId, { ...response, invitation });
  }

  /** Joins the room on the current connection and sets up media; retries what is worth retrying. */
  private async enterRoom(): Promise<void> {
    const { roomId, status } = this.store.getState();
    // A reconnection after leaving (or after a fatal error) must not bring us back in.
    if (!roomId || status === 'idle' || status === 'left' || status === 'error') return;
    this.clearRetry();
    const attempt = ++this.attempt;
    const isCurrent = () => attempt === this.attempt;
    this.interruptStay();
    this.teardownMedia();
    try {
      if (this.isInRoom) {
        // A previous attempt got in but failed later: the server allows one room per connection.
        this.isInRoom = false;
        await request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
        if (!isCurrent()) return;
      }
      const target = this.currentRoomId ?? roomId;
      if (target === roomId && this.serverUrl !== null) {
        // Back to the main session: it is joined on the page's own server.
        this.switchServer(null);
        return;
      }
      // Before the join: changes told while it is under way are noted (see ConversationCatchUp.start).
      const catchUp = new ConversationCatchUp(this.store, (since) => request('room:catch-up', { since }));
      this.catchUp = catchUp;
      const buzzResync = new BuzzResync(() => request('buzz:resync', {}), (snapshot) => this.takeResyncedBuzz(snapshot));
      this.buzzResync = buzzResync;
      const stageResync = new StageResync(() => request('stage:resync', {}), (view) => this.takeResyncedStage(view));
      this.stageResync = stageResync;
      let joined: ResponseOf<'room:join'>;
      try {
        joined = await request('room:join', this.joinRequest(target));
      } catch (error) {
        if (error instanceof RequestError && error.code === 'ELSEWHERE' && error.location && isCurrent()) {
          // Our group's media lives on another server process: meet it there.
          this.switchServer(error.location);
          return;
        }
        // Our group ended (or we were moved) while we were away: back to the session.
        const isGroupGone = error instanceof RequestError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN');
        if (target !== roomId && isGroupGone && isCurrent()) {
          this.currentRoomId = roomId;
          this.isListeningOnly = false;
          void this.enterRoom();
          return;
        }
        throw error;
      }
      if (!isCurrent()) return;
      this.isInRoom = true;
      this.joinIds.succeeded(target);
      const isMove = this.joinedRoomId !== null && this.joinedRoomId !== target;
      this.joinedRoomId = target;
      const state = this.store.getState();
      const previousSeat = state.self?.seat ?? null;
      state.setSelfPeerId(joined.self.peerId);
      state.setSelf(joined.self);
      state.setRoomRules({ stageLimit: joined.stageLimit, activeSpeakerId: joined.activeSpeakerId });
      state.setRemoved(joined.removed);
      this.takeConversation(catchUp, target, joined);
      state.resetBuzz(joined.buzz);
      buzzResync.startAt(joined.buzz.seq);
      state.setRecording(joined.recording);
      const groupRoomId = joined.buzz.place?.group?.roomId ?? null;
      if (joined.buzz.groupIndex === null && groupRoomId && joined.self.role !== 'moderator') {
        // In the session while our group runs (a reconnection, a late arrival): go to the group.
        // Moderators placed in a group come and go as they choose.
        void this.moveTo(groupRoomId, `Moving to ${joined.buzz.place?.group?.name ?? 'your group'}…`);
        return;
      }
      // Before any await: peers who join meanwhile arrive as events, which this must not wipe.
      state.resetPeers(joined.peers.filter((peer) => peer.peerId !== joined.self.peerId), joined.audienceCount);
      stageResync.startAt(joined.stage);
      await this.openNotes(joined.buzz.groupIndex === null ? null : target, joined.buzz.notes);
      if (!isCurrent()) return;

      // Loaded on the first join: the landing page does not need mediasoup-client.
      const { MediaClient } = await import('../media/MediaClient.js');
      // A transport that cannot connect is retried by the MediaClient, in the
      // room: leaving and joining again would cost the person their seat.
      const media = await MediaClient.create(joined.routerRtpCapabilities, request, {
        onLinkStatusChange: (status) => {
          if (this.media === media) this.store.getState().setMediaLink(status);
        },
        onTransportReplaced: (direction) => {
          if (this.media === media) void this.handleTransportReplaced(media, direction);
        },
      });
      if (!isCurrent()) return;
      this.media = media;
      await media.openReceiving();
      if (!isCurrent()) return;
      this.failedAttempts = 0;
      this.store.getState().markJoined();
      // The seat now, not at join: a `peer:updated` may have changed it while
      // media was being set up (handleSeatChanged waits for open media).
      const seat = this.store.getState().self?.seat ?? joined.self.seat;
      // Invited up while we were away: on stage as if accepted live; into a buzz group: only what the person chose;
      // back from listening in on a group: what was on before.
      const arrival = arrivalOf(previousSeat, seat, { isGroupRoom: joined.buzz.groupIndex !== null, isMove });
      const publishing = this.publisher.publishOnArrival(arrival, seat);
      await Promise.all([publishing, this.consumeKnownProducers(media)]);
    } catch (error) {
      if (!isCurrent() || error instanceof MediaClosedError) return;
      this.handleEnterFailure(error);
    }
  }

  private joinRequest(roomId: RoomId): RequestOf<'room:join'> {
    const { profile } = this.store.getState();
    return {
      roomId,
      ...(this.isListeningOnly && roomId !== this.store.getState().roomId ? { listenOnly: true } : {}),
      ...(Object.keys(profile).length > 0 ? { profile } : {}),
      requestId: this.joinIds.idFor(roomId),
    };
  }

  /**
   * The joined room's conversation. Back in the room a stay was cut short
   * in, with the same role: what we hold stays, merged with the snapshot,
   * and everything since the head held then is asked for at once (the
   * snapshot's chat is only its latest page, and broadcasts sent while we
   * were away are lost). Otherwise the snapshot replaces it all (a role
   * lost may no longer see what we held).
   */
  private takeConversation(catchUp: ConversationCatchUp, roomId: RoomId, joined: ResponseOf<'room:join'>): void {
    const interrupted = this.interruptedStay;
    this.interruptedStay = null;
    const state = this.store.getState();
    if (interrupted?.roomId === roomId && interrupted.role === joined.self.role) {
      state.mergeConversation(joined.conversation);
      catchUp.start(interrupted.head);
      catchUp.checkNow();
      return;
    }
    state.resetConversation(joined.conversation);
    catchUp.start(joined.conversation.head);
  }

  /**
   * A buzz snapshot asked for after a `room:check`, taken as a join takes
   * its own, except the notes pad's document (it has its own sync). What it
   * shows was missed is followed as the message would have been: the
   * message first, as it came first; then the snapshot, which is where
   * things stand now (a round started since the one that ended, say).
   */
  private takeResyncedBuzz(snapshot: BuzzSnapshot): void {
    const state = this.store.getState();
    const missed = missedBuzzChange({ round: state.buzzRound, place: state.buzzPlace }, snapshot);
    if (missed?.kind === 'assigned') followBuzzPlace(this.store, this, missed.place);
    else if (missed?.kind === 'ended') followBuzzEnded(this.store, this, missed.outputs);
    this.store.getState().resetBuzz(snapshot);
  }

  /**
   * The live state asked for after a hole in its numbers or a check, taken
   * as a join's: the people we may see and the count replace ours (pages of
   * the audience start over), tracks that are gone stop being received, new
   * ones are received, and our own seat follows the server's.
   */
  private takeResyncedStage(view: StageView): void {
    const state = this.store.getState();
    const previousSeat = state.self?.seat;
    const producersOf = (peers: readonly { producers: readonly ProducerInfo[] }[]) =>
      new Set(peers.flatMap((peer) => peer.producers.map((producer) => producer.producerId)));
    const held = producersOf(state.peers);
    const current = producersOf(view.peers);
    state.setSelf(view.self);
    state.setActiveSpeaker(view.activeSpeakerId);
    state.resyncPeers(view.peers.filter((peer) => peer.peerId !== view.self.peerId), view.audienceCount);
    for (const producerId of held) if (!current.has(producerId)) this.media?.closeConsumerOfProducer(producerId);
    for (const peer of view.peers) for (const producer of peer.producers) this.consume(producer);
    if (previousSeat !== undefined && previousSeat !== view.self.seat) this.handleSeatChanged(view.self.seat);
    // An invitation whose `stage:invited` was lost: ask now (who sent it is not in the state).
    if (view.self.isInvitedToStage && this.store.getState().stageInvitationBy === null) state.setStageInvitation('');
  }

  /** Stops following the stay (its conversation, its buzz round), keeping where the conversation stood for a rejoin of the same room. */
  private interruptStay(): void {
    const head = this.catchUp?.head ?? null;
    const role = this.store.getState().self?.role;
    if (head !== null && this.joinedRoomId && role) this.interruptedStay = { roomId: this.joinedRoomId, role, head };
    this.stopFollowing();
  }

  /** Stops following the stay for good (left, refused): the next join starts afresh. */
  private endStay(): void {
    this.stopFollowing();
    this.interruptedStay = null;
  }

  private stopFollowing(): void {
    this.catchUp?.stop();
    this.catchUp = null;
    this.buzzResync?.stop();
    this.buzzResync = null;
    this.stageResync?.stop();
    this.stageResync = null;
  }

  /** In a group's room: its notes, merged with what we had if we were here before. Elsewhere: none. */
  private async openNotes(groupRoomId: RoomId | null, serverState: Uint8Array | null): Promise<void> {
    if (this.notes && this.notes.roomId !== groupRoomId) this.closeNotes();
    if (groupRoomId === null) return;
    // Loaded with the first group: the collaborative editor is not needed before.
    const { GroupNotes } = await import('./GroupNotes.js');
    if (this.notes?.roomId !== groupRoomId) {
      this.closeNotes();
      this.notes = new GroupNotes(groupRoomId, (update) => this.sendNotes(update));
      this.store.getState().setBuzzNotesRoom(groupRoomId);
    }
    this.notes.sync(serverState);
  }

  private closeNotes(): void {
    this.notes?.close();
    this.notes = null;
    this.store.getState().setBuzzNotesRoom(null);
  }

  private async sendNotes(update: Uint8Array<ArrayBuffer>): Promise<NotesSendResult> {
    try {
      await request('notes:update', { update });
      return 'sent';
    } catch (error) {
      // Refused for good (too long, or the round is over): say so, do not try again.
      if (error instanceof RequestError && (error.code === 'INVALID_PAYLOAD' || error.code === 'NOT_FOUND' || error.code === 'CONFLICT')) {
        this.store.getState().addNotice(`Your last change to the notes was not saved: ${describeError(error)}`);
        return 'refused';
      }
      return 'retry';
    }
  }

  private handleEnterFailure(error: unknown): void {
    this.teardownMedia();
    // Offline: the socket's 'connect' handler will try again.
    if (error instanceof RequestError && error.code === 'DISCONNECTED') return;
    if (error instanceof RequestError && error.code === 'IN_LOBBY') {
      // The server keeps us in its lobby while this connection lasts and
      // sends lobby:admitted or lobby:refused; a reconnection joins (and
      // queues) again.
      this.store.getState().waitInLobby();
      return;
    }
    if (error instanceof RequestError && error.code === 'NAME_TAKEN') {
      // Back to the pre-join form, everything else kept, to choose another name.
      void this.leaveAfterFailure();
      this.store.getState().setNameRefusal(describeError(error));
      this.store.getState().markLeft();
      return;
    }
    if (error instanceof RequestError && error.code === 'FORBIDDEN') {
      // A removal (or a refusal at the lobby) bars the identity until a moderator re-admits it.
      this.store.getState().failRoom(BARRED_MESSAGE, { canRetry: false });
      this.publisher.closeAll();
      void this.leaveAfterFailure();
      return;
    }
    const delay = isRetryable(error) ? retryDelayMs(this.failedAttempts) : null;
    if (delay === null) {
      this.store.getState().failRoom(describeError(error));
      void this.leaveAfterFailure();
      return;
    }
    this.failedAttempts += 1;
    // What is wrong, said as being handled: "Reconnecting to the server's storage…" while the database does not answer.
    this.store.getState().startRejoining(describeRetrying(error));
    this.retryTimer = setTimeout(() => void this.enterRoom(), delay);
  }

  /** After a fatal failure: free the server-side peer, keep the error on screen. */
  private async leaveAfterFailure(): Promise<void> {
    this.attempt += 1;
    this.endStay();
    if (this.isInRoom) {
      this.isInRoom = false;
      await request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
    }
    this.closeConnection();
  }

  /** A new transport replaced one the server had closed: receive, or send, again what went on the old one. */
  private async handleTransportReplaced(media: MediaClient, direction: 'send' | 'recv'): Promise<void> {
    if (direction === 'send') {
      await this.publisher.publishAfterJoin(this.store.getState().self?.seat ?? 'audience');
      return;
    }
    const state = this.store.getState();
    for (const consumer of state.peers.flatMap((peer) => peer.consumers)) {
      state.removeConsumer(consumer.consumerId);
      this.videoViews.delete(consumer.consumerId);
    }
    await this.consumeKnownProducers(media);
  }

  private handleDisconnect(reason: string): void {
    this.isInRoom = false;
    // Broadcasts sent until we are back are lost: the rejoin asks for them from here.
    this.interruptStay();
    if (reason === 'io client disconnect') return;
    const state = this.store.getState();
    if (state.status === 'idle' || state.status === 'left' || state.status === 'error') return;
    this.attempt += 1;
    this.clearRetry();
    this.teardownMedia();
    if (reason === 'io server disconnect') {
      // socket.io does not reconnect after a server-side disconnect. During a
      // restart that is what we want; otherwise the server sent us away.
      if (!state.notice) {
        this.closeConnection();
        state.failRoom('The server ended your connection. Please reload the page to join again.');
        return;
      }
      this.socket?.connect();
    }
    if (state.status === 'waiting') {
      // Still waiting: the reconnection asks to join again, which queues us again.
      state.setStatusDetail('Connection lost. Reconnecting…');
      return;
    }
    state.startRejoining(state.notice ? 'The server is restarting. Reconnecting…' : 'Connection lost. Reconnecting…');
  }

  private async consumeKnownProducers(media: MediaClient): Promise<void> {
    const producers = this.store.getState().peers.flatMap((peer) => peer.producers);
    await Promise.all(producers.map((producer) => this.receive(media, producer)));
  }

  /** Consume, record, then start the flow: the order mediasoup needs for video to start on a key frame. */
  private async receive(media: MediaClient, producer: ProducerInfo): Promise<void> {
    try {
      const received = await media.consume(producer);
      if (!received || this.media !== media) return;
      const state = this.store.getState();
      const isStillProduced = state.peers.some((peer) => peer.producers.some((p) => p.producerId === producer.producerId));
      if (!isStillProduced) {
        // The producer closed while we asked for it.
        media.closeConsumer(received.consumerId);
        return;
      }
      const { consumerId, producerId, kind, source } = received;
      state.addConsumer(received.peerId, { consumerId, producerId, kind, source });
      await media.setFlow(consumerId, this.flowFor(consumerId, kind, source));
    } catch (error) {
      if (error instanceof MediaClosedError || this.media !== media) return;
      // NOT_FOUND: the producer went away between its announcement and our request.
      if (error instanceof RequestError && error.code === 'NOT_FOUND') return;
      console.warn(`[convene] receive ${producer.source} of ${producer.peerId} failed`, error);
    }
  }

  private applyVideoFlow(consumerId: ConsumerId): void {
    const consumer = this.store
      .getState()
      .peers.flatMap((peer) => peer.consumers)
      .find((c) => c.consumerId === consumerId);
    if (!consumer || !this.media) return;
    void this.media.setFlow(consumerId, this.flowFor(consumerId, consumer.kind, consumer.source));
  }

  /** Sound always flows (it is cheap and heard off screen); video as its tile and the data saver decide. */
  private flowFor(consumerId: ConsumerId, kind: 'audio' | 'video', source: MediaSource) {
    if (kind === 'audio') return { isPaused: false, spatialLayer: null };
    return decideVideoFlow(source, this.videoViews.get(consumerId), this.store.getState().dataSaver);
  }

  private teardownMedia(): void {
    this.media?.close();
    this.media = null;
    this.videoViews.clear();
    const state = this.store.getState();
    state.setMediaLink('ok');
    // Consumers died with the media; producers are re-announced by the next join.
    if (state.peers.length > 0) state.resetPeers([]);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
