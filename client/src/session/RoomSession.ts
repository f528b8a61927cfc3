import type {
  ClientEventName,
  Identity,
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
import { createAccountIdentity, createIdentity } from '../api/httpApi.js';
import { LocalMedia } from '../media/LocalMedia.js';
import type { MediaClient } from '../media/MediaClient.js';
import { MediaClosedError } from '../media/MediaClosedError.js';
import type { InboundRtpSummary } from '../media/inboundRtpStats.js';
import type { RecoveryTrigger } from '../media/transportRecovery.js';
import { decideVideoFlow, type DataSaver, type VideoView } from '../media/videoQuality.js';
import { bindServerEvents, followBuzzEnded, followBuzzPlace, type SessionControls } from '../realtime/bindServerEvents.js';
import { describeActionError, describeError, describeRetrying, RequestError } from '../realtime/requestError.js';
import { ActionIds } from '../realtime/requestId.js';
import { closeSocket, openSocket, request, type AppSocket, type RequestFn, type SocketHandlers } from '../realtime/socket.js';
import type { AppStore } from '../store/appStore.js';
import { forgetRoomIdentity, loadRoomIdentity, saveRoomIdentity } from '../store/identityStorage.js';
import { BuzzResync, missedBuzzChange, type BuzzMessageKind } from './BuzzResync.js';
import { ConversationCatchUp } from './ConversationCatchUp.js';
import type { GroupNotes, NotesSendResult } from './GroupNotes.js';
import { isRetryable, retryDelayMs } from './retryPolicy.js';
import {
  canMoveNow,
  countedStay,
  followersOf,
  goOf,
  interruptedBy,
  isQueued,
  isUnderway,
  isVisiting,
  linkOf,
  mediaOf,
  releasedBy,
  startVisit,
  withVisit,
  type Attempt,
  type Followers,
  type Going,
  type InterruptedStay,
  type Link,
  type RoomConnection,
  type StateNamed,
  type Visit,
} from './roomConnection.js';
import { StagePublisher } from './StagePublisher.js';
import { StageResync } from './StageResync.js';
import { arrivalOf } from './stageDevices.js';

const LEAVE_TIMEOUT_MS = 3_000;
/** Failed attempts to reach a buzz group's server process before asking the page's own server again. */
const MAX_UNREACHABLE_ELSEWHERE = 3;

/** What we are told when an organiser changes our role while we are in the room. */
const ROLE_CHANGED_NOTICES: Record<Role, string> = {
  moderator: 'The organisers made you a moderator of this session.',
  speaker: 'The organisers made you a speaker in this session.',
  participant: 'The organisers changed your role: you are now in the audience.',
};

/** Why the server took us out of the room for good: joining again by ourselves would not help. */
const FINAL_CLOSE_MESSAGES: Partial<Record<RoomClosedReason, string>> = {
  removed: 'A moderator removed you from this session.',
  replaced: 'You joined this session from another tab or window, so it was closed here.',
  unpublished: 'The organisers took this session out of the programme for now: its room is closed.',
};

const LOBBY_REFUSED_MESSAGE = 'A moderator did not let you in to this session.';

/** Joining is refused for good: a moderator removed this identity, or turned it away at the lobby. */
const BARRED_MESSAGE = 'A moderator removed you from this session or did not let you in.';

/**
 * The socket functions a session works through: the app's one connection
 * (realtime/socket.ts), or a test's stand-ins, which need no server.
 */
export interface SocketFunctions {
  /** Opens a connection, closing any other (see {@link openSocket}). */
  open(handlers: SocketHandlers, serverUrl: string | null): AppSocket;
  /** Closes `socket` on purpose, if it is still the one open. */
  close(socket: AppSocket): void;
  /** Sends over the connection open now (see {@link request}). */
  request: RequestFn;
}

const appSocketFunctions: SocketFunctions = { open: openSocket, close: closeSocket, request };

/**
 * One person's stay in one room, across reconnections: connects the socket,
 * joins, sets up media, and rebuilds it all when the connection or the media
 * worker is lost. Where it stands is one {@link RoomConnection}, changed
 * only by {@link transition}. Writes plain state to the store; owns the
 * objects.
 */
export class RoomSession implements SessionControls {
  readonly localMedia: LocalMedia;
  /** What we send; see {@link StagePublisher}. */
  readonly publisher: StagePublisher;
  private state: RoomConnection = { name: 'outside' };
  private readonly openSocket: SocketFunctions['open'];
  private readonly closeSocket: SocketFunctions['close'];
  private readonly request: RequestFn;
  /** How each received video is shown (size, on screen), reported by its tile. */
  private readonly videoViews = new Map<ConsumerId, VideoView>();
  /**
   * The requestId of the join under way, per room: kept while attempts
   * fail, so a join that got in though its answer was lost (a stalled
   * server, a timeout) is answered again instead of refused as CONFLICT.
   */
  private readonly joinIds = new ActionIds();
  /**
   * The notes of the group we were last in: kept across reconnections (and
   * failures) to the same group, closed on leaving or in a room without.
   */
  private notes: GroupNotes | null = null;
  /**
   * The room of the last join that got in, until we leave: a join elsewhere
   * is a move (see arrivalOf). Outlives failures: joining again after an
   * error is not a move.
   */
  private lastJoinedRoomId: RoomId | null = null;

  constructor(
    private readonly store: AppStore,
    socketFunctions: SocketFunctions = appSocketFunctions,
  ) {
    this.openSocket = socketFunctions.open;
    this.closeSocket = socketFunctions.close;
    this.request = socketFunctions.request;
    this.localMedia = new LocalMedia((source) => this.publisher.handleTrackEnded(source));
    this.publisher = new StagePublisher(store, this.localMedia, () => this.currentMedia);
  }

  get currentMedia(): MediaClient | null {
    return mediaOf(this.state);
  }

  /** The notes pad's document while we are in a buzz group. */
  get groupNotes(): GroupNotes | null {
    return this.notes;
  }

  /** Enters a room: gets an identity if needed, connects, and joins once connected. */
  async join(roomId: RoomId): Promise<void> {
    this.transition({ name: 'identifying', visit: startVisit(roomId) });
    this.store.getState().startJoining(roomId);
    try {
      await this.ensureIdentity(roomId);
    } catch (error) {
      // Left, or joining elsewhere, meanwhile: that is what the person sees now.
      if (!this.identifyingFor(roomId)) return;
      const isNameRefused = error instanceof RequestError && error.code === 'INVALID_PAYLOAD';
      this.transition({ name: 'failed', link: null });
      this.store.getState().failRoom(isNameRefused ? 'This name cannot be used. Please choose another one.' : describeError(error));
      return;
    }
    const identifying = this.identifyingFor(roomId);
    if (identifying) this.connect(identifying.visit, null, { interrupted: null, isQueued: false });
  }

  /** Leaves the room and closes the connection; local devices stay as they are. */
  async leave(): Promise<void> {
    // State changes first and synchronously: the UI moves on at once, and a
    // join started meanwhile is not undone by this leave finishing later.
    const link = linkOf(this.state);
    const leaving = link && countedStay(this.state) ? ({ name: 'leaving', socket: link.socket } as const) : null;
    this.transition(leaving ?? { name: 'outside' });
    this.forgetRoomMedia();
    const state = this.store.getState();
    state.resetPeers([]);
    state.setSelf(null);
    state.setRemoved([]);
    state.resetConversation(null);
    state.resetBuzz(null);
    this.closeNotes();
    this.lastJoinedRoomId = null;
    state.markLeft();
    if (leaving) await this.finishLeaving(leaving);
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
      return await this.request(event, payload);
    } catch (error) {
      console.warn(`[convene] ${event} failed`, error);
      this.store.getState().addNotice(describeActionError(error));
      return null;
    }
  }

  /** The track of a remote consumer, to attach to a media element. */
  remoteTrack(consumerId: ConsumerId): MediaStreamTrack | null {
    return this.currentMedia?.trackOf(consumerId) ?? null;
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
    return this.currentMedia?.getInboundRtpStats() ?? Promise.resolve([]);
  }

  /** Attempts to reconnect media in this stay, by what started them (diagnostics). */
  getMediaRecoveryAttempts(): Record<RecoveryTrigger, number> {
    return this.currentMedia?.recoveryAttempts ?? { backoff: 0, person: 0 };
  }

  /** The person asked to try the media connection again now ("Try again"). */
  retryMedia(): void {
    this.currentMedia?.retryConnection();
  }

  consume(producer: ProducerInfo): void {
    const media = this.currentMedia;
    // Before the receiving transport is open, producers wait in the store;
    // consumeKnownProducers() picks them up.
    if (!media?.isOpen) return;
    if (producer.peerId === this.store.getState().selfPeerId) return;
    void this.receive(media, producer);
  }

  handleSeatChanged(seat: Seat): void {
    if (!this.currentMedia?.isOpen) return;
    void this.publisher.handleSeatChanged(seat);
  }

  handleModerationApplied(action: ModerationAction): void {
    void this.publisher.handleModeration(action);
  }

  handleRoomClosed(payload: Parameters<ServerToClientEvents['room:closed']>[0]): void {
    const from = this.state;
    // The room we are in: the session's, or our buzz group's (a group's media server can fail, a moderator remove us from it).
    if (!isUnderway(from) || (payload.roomId !== from.visit.sessionRoomId && payload.roomId !== from.visit.roomId)) return;
    const state = this.store.getState();
    const interrupted = interruptedBy(from, state.self?.role);
    this.forgetRoomMedia();
    const outOfRoom = { name: 'connecting', visit: from.visit, link: from.link, interrupted, isQueued: false, unreachable: 0 } as const;
    const finalMessage = FINAL_CLOSE_MESSAGES[payload.reason];
    if (finalMessage) {
      this.transition({ name: 'failed', link: null });
      this.publisher.closeAll();
      state.failRoom(finalMessage, { canRetry: payload.reason === 'replaced' });
    } else if (payload.reason === 'invitation-revoked') {
      // The link our role came from was revoked: the same identity joins again, as a participant.
      this.transition(outOfRoom);
      state.addNotice(`Your ${state.self?.role ?? 'invitation'} link was revoked: you are now a participant.`);
      state.startRejoining('Your invitation link was revoked. Joining again as a participant…');
      void this.enterRoom();
    } else if (payload.rejoin) {
      this.transition(outOfRoom);
      state.startRejoining('The media server restarted. Reconnecting…');
      void this.enterRoom();
    } else if (payload.reason === 'shutdown') {
      // The socket will drop and reconnect; the 'connect' handler joins again.
      this.transition(outOfRoom);
      state.startRejoining('The server is restarting. Reconnecting…');
    } else {
      this.transition({ name: 'failed', link: from.link });
      state.failRoom('The room was closed.');
    }
  }

  /**
   * An organiser changed our role while we are here: the server applied it
   * already (our seat, our tracks, what we may do), with the same peer and
   * media. What we see is replaced by its view for the new role (a role
   * lost may no longer see what we held), and every follower asks for
   * what changed since.
   */
  handleRoleChanged(view: Parameters<ServerToClientEvents['role:changed']>[0]): void {
    const stay = countedStay(this.state);
    if (!stay || view.roomId !== stay.attempt.roomId) return;
    const state = this.store.getState();
    state.setRemoved(view.removed);
    state.resetConversation(view.conversation);
    state.resetBuzz(view.buzz);
    state.setRecording(view.recording);
    const { self, peers, audienceCount, activeSpeakerId, stage: stamp } = view;
    this.takeResyncedStage({ self, peers, audienceCount, activeSpeakerId, stamp });
    this.handleCheckRequested();
    // Said whatever the store holds: the room's own `peer:updated` may have brought the new role first.
    state.addNotice(ROLE_CHANGED_NOTICES[self.role]);
  }

  handleBuzzPlace(place: BuzzPlace): void {
    const { state } = this;
    if (!isVisiting(state)) return;
    const sessionId = state.visit.sessionRoomId;
    const target = place.group?.roomId ?? sessionId;
    void this.moveTo(target, target === sessionId ? 'Returning to the main session…' : `Moving to ${place.group?.name ?? 'your group'}…`);
  }

  handleBuzzEnded(): void {
    const { state } = this;
    if (isVisiting(state)) void this.moveTo(state.visit.sessionRoomId, 'The groups have ended. Returning to the main session…');
  }

  handleNotesUpdated(update: Uint8Array): void {
    this.notes?.applyRemote(update);
  }

  sawChange(changeSeq: number): void {
    followersOf(this.state)?.catchUp.saw(changeSeq);
  }

  sawStage(stamp: StageStamp | undefined): void {
    followersOf(this.state)?.stageResync.sawStamp(stamp);
  }

  sawStageNumbers(numbers: StageNumbers): void {
    followersOf(this.state)?.stageResync.sawNumbers(numbers);
  }

  admitsBuzz(kind: BuzzMessageKind, seq: number): boolean {
    // Between stays (moving rooms) a message is taken as it comes: the next join's snapshot replaces it.
    return followersOf(this.state)?.buzzResync.admits(kind, seq) ?? true;
  }

  handleCheckRequested(): void {
    const followers = followersOf(this.state);
    followers?.catchUp.check();
    followers?.stageResync.check();
    followers?.buzzResync.check();
  }

  /** Moderators: go to a buzz group's room, on its stage or only to listen. */
  async visitGroup(roomId: RoomId, name: string, { listenOnly }: { listenOnly: boolean }): Promise<void> {
    const { state } = this;
    if (!isVisiting(state)) return;
    if (state.visit.roomId === roomId && state.visit.isListeningOnly === listenOnly) return;
    // In the same room with another way of being there: it is joined again.
    await this.moveTo(roomId, `${listenOnly ? 'Listening in on' : 'Joining'} ${name}…`, { isListeningOnly: listenOnly, isAgain: true });
  }

  /** Back from a buzz group to the main session (a visiting moderator). */
  async returnToSession(): Promise<void> {
    const { state } = this;
    if (!isVisiting(state)) return;
    await this.moveTo(state.visit.sessionRoomId, 'Returning to the main session…', { isListeningOnly: false });
  }

  /**
   * Leaves the room we are in and joins another of the same session (our
   * buzz group, or back to the session), on the same connection. What we
   * send follows: on stage in a group, the camera and microphone are sent
   * again as they were. Until we may join (in the lobby, or getting an
   * identity), the visit only notes where to go. `isListeningOnly`: how to
   * be there, unchanged if not given; `isAgain`: join even the room we are
   * in.
   */
  private async moveTo(
    roomId: RoomId,
    detail: string,
    { isListeningOnly, isAgain = false }: { isListeningOnly?: boolean; isAgain?: boolean } = {},
  ): Promise<void> {
    const { state } = this;
    if (!isVisiting(state)) return;
    const { visit } = state;
    const next: Visit = { ...visit, roomId, isListeningOnly: isListeningOnly ?? visit.isListeningOnly };
    if (next.roomId !== visit.roomId || next.isListeningOnly !== visit.isListeningOnly) this.transition(withVisit(state, next));
    const isMove = isAgain || roomId !== visit.roomId;
    if (!isMove || !canMoveNow(this.state)) return;
    this.store.getState().startRejoining(detail);
    // enterRoom leaves the room we are in first (one room per connection).
    await this.enterRoom();
  }

  handleLobbyAdmitted({ roomId }: Parameters<ServerToClientEvents['lobby:admitted']>[0]): void {
    const { state } = this;
    if (!isUnderway(state) || !isQueued(state) || roomId !== state.visit.sessionRoomId) return;
    this.store.getState().startJoining(roomId);
    void this.enterRoom({ isQueued: false });
  }

  handleLobbyRefused({ roomId }: Parameters<ServerToClientEvents['lobby:refused']>[0]): void {
    const { state } = this;
    if (!isUnderway(state) || !isQueued(state) || roomId !== state.visit.sessionRoomId) return;
    this.transition({ name: 'failed', link: null });
    this.publisher.closeAll();
    this.store.getState().failRoom(LOBBY_REFUSED_MESSAGE, { canRetry: false });
  }

  /**
   * The one place the state changes. What the previous state held and the
   * next does not keep is released: a retry's timer cleared, a stay's
   * followers stopped, media closed, a connection's events unbound and the
   * socket closed.
   */
  private transition(next: RoomConnection): void {
    const released = releasedBy(this.state, next);
    this.state = next;
    if (released.timer !== null) clearTimeout(released.timer);
    if (released.followers) {
      released.followers.catchUp.stop();
      released.followers.buzzResync.stop();
      released.followers.stageResync.stop();
    }
    released.media?.close();
    released.link?.unbind();
    if (released.socket) this.closeSocket(released.socket);
  }

  /** The state, while join(`roomId`) is still getting an identity (a move meanwhile may have noted where to go). */
  private identifyingFor(roomId: RoomId): StateNamed<'identifying'> | null {
    const { state } = this;
    return state.name === 'identifying' && state.visit.sessionRoomId === roomId ? state : null;
  }

  /** Opens a connection to `serverUrl` (null: the page's own server) and waits there for `connect`, which joins. */
  private connect(visit: Visit, serverUrl: string | null, carried: { interrupted: InterruptedStay | null; isQueued: boolean }): void {
    const roomId = visit.sessionRoomId;
    const socket = this.openSocket(
      {
        getToken: () => this.store.getState().token ?? '',
        renewIdentity: async () => {
          forgetRoomIdentity(roomId);
          this.store.getState().forgetIdentity();
          await this.ensureIdentity(roomId);
        },
        onUnreachable: () => this.handleUnreachable(link),
        onRefused: (message) => this.handleRefused(link, message),
      },
      serverUrl,
    );
    const link: Link = { socket, serverUrl, unbind: bindServerEvents(socket, this.store, this) };
    // Fires on the first connection and on every reconnection.
    socket.on('connect', () => this.handleConnect(link));
    socket.on('disconnect', (reason) => this.handleDisconnect(link, reason));
    this.transition({ name: 'connecting', visit, link, ...carried, unreachable: 0 });
  }

  private handleConnect(link: Link): void {
    if (linkOf(this.state) === link) void this.enterRoom();
  }

  /** A connection attempt failed on the network (socket.io tries again). */
  private handleUnreachable(link: Link): void {
    const { state } = this;
    if (state.name !== 'connecting' || state.link !== link) return;
    const unreachable = state.unreachable + 1;
    if (link.serverUrl !== null && unreachable >= MAX_UNREACHABLE_ELSEWHERE) {
      // The group's process is gone: the page's own server knows where the group is now.
      this.switchServer(null);
      return;
    }
    this.transition({ ...state, unreachable });
    this.store.getState().setStatusDetail('Cannot reach the server. Still trying…');
  }

  /** The server refused the connection for a reason retrying cannot fix. */
  private handleRefused(link: Link, message: string): void {
    if (linkOf(this.state) !== link) return;
    this.forgetRoomMedia();
    this.transition({ name: 'failed', link: null });
    this.store.getState().failRoom(message);
  }

  /**
   * Connects to another process of the platform (null: the page's own) and
   * joins there; the room we are in was left already.
   */
  private switchServer(serverUrl: string | null): void {
    const from = this.state;
    if (!isUnderway(from)) return;
    const interrupted = interruptedBy(from, this.store.getState().self?.role);
    this.forgetRoomMedia();
    this.connect(from.visit, serverUrl, { interrupted, isQueued: isQueued(from) });
  }

  /**
   * The identity to connect with: the one this tab already has for the room
   * (a reload comes back as the same person, seat included), or a new one.
   */
  private async ensureIdentity(roomId: RoomId): Promise<void> {
    const { token, identity, displayName, invitation, account } = this.store.getState();
    // Signed in (and no invitation link): the account's identity for this session (another session's
    // carries another user id, and is refused there), whose roles the server reads from the grants.
    if (account && !invitation) {
      const isForHere = (held: { identity: Identity } | null | undefined) => held?.identity.accountId === account.id && held.identity.roomId === roomId;
      const held = token && identity && isForHere({ identity }) ? { token, identity } : loadRoomIdentity(roomId);
      const usable = held && isForHere(held) ? held : await createAccountIdentity(roomId);
      this.store.getState().setIdentity(usable);
      saveRoomIdentity(roomId, { ...usable, invitation: null });
      return;
    }
    // An invitation's role holds in its own room only: elsewhere, start afresh.
    if (token && identity && identity.accountId === null && (identity.roomId === null || identity.roomId === roomId)) {
      saveRoomIdentity(roomId, { token, identity, invitation });
      return;
    }
    // As the server will store it, so a reload with the same name is the same person.
    const name = cleanDisplayName(displayName);
    const stored = loadRoomIdentity(roomId);
    if (stored && stored.identity.accountId === null && stored.identity.displayName === name && stored.invitation === invitation) {
      this.store.getState().setIdentity(stored);
      return;
    }
    const response = await createIdentity(name, invitation);
    this.store.getState().setIdentity(response);
    saveRoomIdentity(roomId, { ...response, invitation });
  }

  /**
   * Joins the visit's room on the current connection and sets up media;
   * retries what is worth retrying. `isQueued`: whether the join is made
   * from the lobby's queue (by default, as the state has it).
   */
  private async enterRoom({ isQueued: isQueuedJoin = isQueued(this.state) }: { isQueued?: boolean } = {}): Promise<void> {
    const from = this.state;
    // A reconnection after leaving (or after a fatal error) must not bring us back in.
    if (!isUnderway(from)) return;
    const { visit, link } = from;
    const target = visit.roomId;
    const attempt: Attempt = { roomId: target };
    const isCurrent = () => goOf(this.state, attempt) !== null;
    const interrupted = interruptedBy(from, this.store.getState().self?.role);
    this.forgetRoomMedia();
    try {
      if (countedStay(from)) {
        // A previous attempt got in but failed later, or we move: the server allows one room per connection.
        this.transition({ name: 'moving', visit, link, attempt, interrupted });
        await this.request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
        if (!isCurrent()) return;
      }
      if (target === visit.sessionRoomId && link.serverUrl !== null) {
        // Back to the main session: it is joined on the page's own server.
        this.switchServer(null);
        return;
      }
      const stay = { attempt, followers: this.createFollowers() };
      this.transition({ name: 'joining', visit, link, stay, interrupted, isQueued: isQueuedJoin });
      let joined: ResponseOf<'room:join'>;
      try {
        joined = await this.request('room:join', this.joinRequest(visit));
      } catch (error) {
        const state = goOf(this.state, attempt);
        if (!state) return;
        if (error instanceof RequestError && error.code === 'ELSEWHERE' && error.location) {
          // Our group's media lives on another server process: meet it there.
          this.switchServer(error.location);
          return;
        }
        // Our group ended (or we were moved) while we were away: back to the session.
        const isGroupGone = error instanceof RequestError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN');
        if (target !== visit.sessionRoomId && isGroupGone) {
          this.transition(withVisit(state, { ...state.visit, roomId: state.visit.sessionRoomId, isListeningOnly: false }));
          void this.enterRoom();
          return;
        }
        throw error;
      }
      const joining = goOf(this.state, attempt);
      if (!joining) return;
      this.transition({ name: 'in-room', visit: joining.visit, link: joining.link, stay, media: null });
      this.joinIds.succeeded(target);
      const isMove = this.lastJoinedRoomId !== null && this.lastJoinedRoomId !== target;
      this.lastJoinedRoomId = target;
      const state = this.store.getState();
      const previousSeat = state.self?.seat ?? null;
      state.setSelfPeerId(joined.self.peerId);
      state.setSelf(joined.self);
      state.setRoomRules({ stageLimit: joined.stageLimit, activeSpeakerId: joined.activeSpeakerId });
      state.setRemoved(joined.removed);
      this.takeConversation(stay.followers.catchUp, target, joined, interrupted);
      state.resetBuzz(joined.buzz);
      stay.followers.buzzResync.startAt(joined.buzz.seq);
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
      stay.followers.stageResync.startAt(joined.stage);
      await this.openNotes(joined.buzz.groupIndex === null ? null : target, joined.buzz.notes);
      if (!isCurrent()) return;

      // Loaded on the first join: the landing page does not need mediasoup-client.
      const { MediaClient } = await import('../media/MediaClient.js');
      // A transport that cannot connect is retried by the MediaClient, in the
      // room: leaving and joining again would cost the person their seat.
      const media = await MediaClient.create(joined.routerRtpCapabilities, this.request, {
        onLinkStatusChange: (status) => {
          if (this.currentMedia === media) this.store.getState().setMediaLink(status);
        },
        onTransportReplaced: (direction) => {
          if (this.currentMedia === media) void this.handleTransportReplaced(media, direction);
        },
      });
      const settingUp = goOf(this.state, attempt);
      if (settingUp?.name !== 'in-room') return;
      this.transition({ ...settingUp, media });
      await media.openReceiving();
      const opened = goOf(this.state, attempt);
      if (!opened) return;
      this.transition(withVisit(opened, { ...opened.visit, failures: 0 }));
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
      const going = goOf(this.state, attempt);
      if (!going || error instanceof MediaClosedError) return;
      this.handleEnterFailure(going, error);
    }
  }

  /** Made before the join: changes told while it is under way are noted (see ConversationCatchUp.start). */
  private createFollowers(): Followers {
    return {
      catchUp: new ConversationCatchUp(this.store, (since) => this.request('room:catch-up', { since })),
      buzzResync: new BuzzResync(() => this.request('buzz:resync', {}), (snapshot) => this.takeResyncedBuzz(snapshot)),
      stageResync: new StageResync(() => this.request('stage:resync', {}), (view) => this.takeResyncedStage(view)),
    };
  }

  private joinRequest({ roomId, sessionRoomId, isListeningOnly }: Visit): RequestOf<'room:join'> {
    const { profile } = this.store.getState();
    return {
      roomId,
      ...(isListeningOnly && roomId !== sessionRoomId ? { listenOnly: true } : {}),
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
  private takeConversation(
    catchUp: ConversationCatchUp,
    roomId: RoomId,
    joined: ResponseOf<'room:join'>,
    interrupted: InterruptedStay | null,
  ): void {
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
    for (const producerId of held) if (!current.has(producerId)) this.currentMedia?.closeConsumerOfProducer(producerId);
    for (const peer of view.peers) for (const producer of peer.producers) this.consume(producer);
    if (previousSeat !== undefined && previousSeat !== view.self.seat) this.handleSeatChanged(view.self.seat);
    // An invitation whose `stage:invited` was lost: ask now (who sent it is not in the state).
    if (view.self.isInvitedToStage && this.store.getState().stageInvitationBy === null) state.setStageInvitation('');
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
      await this.request('notes:update', { update });
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

  /** A go at a room failed (the join refused, or media not set up); `from`: its state now. */
  private handleEnterFailure(from: Going, error: unknown): void {
    const { visit, link } = from;
    const stillIn = countedStay(from);
    const interrupted = from.name === 'in-room' ? null : from.interrupted;
    this.forgetRoomMedia();
    const state = this.store.getState();
    if (error instanceof RequestError && error.code === 'DISCONNECTED') {
      // Offline: the socket's 'connect' handler will try again.
      const carried = interruptedBy(from, state.self?.role);
      this.transition({ name: 'connecting', visit, link, interrupted: carried, isQueued: isQueued(from), unreachable: 0 });
      return;
    }
    if (error instanceof RequestError && error.code === 'IN_LOBBY') {
      // The server keeps us in its lobby while this connection lasts and
      // sends lobby:admitted or lobby:refused; a reconnection joins (and
      // queues) again.
      this.transition({ name: 'in-lobby', visit, link, interrupted });
      state.waitInLobby();
      return;
    }
    if (error instanceof RequestError && error.code === 'NAME_TAKEN') {
      // Back to the pre-join form, everything else kept, to choose another name.
      const leaving = stillIn ? ({ name: 'leaving', socket: link.socket } as const) : null;
      this.transition(leaving ?? { name: 'outside' });
      if (leaving) void this.finishLeaving(leaving);
      state.setNameRefusal(describeError(error));
      state.markLeft();
      return;
    }
    if (error instanceof RequestError && error.code === 'FORBIDDEN') {
      // A removal (or a refusal at the lobby) bars the identity until a moderator re-admits it.
      void this.failAfterEntering(link, stillIn !== null);
      state.failRoom(BARRED_MESSAGE, { canRetry: false });
      this.publisher.closeAll();
      return;
    }
    const delay = isRetryable(error) ? retryDelayMs(visit.failures) : null;
    if (delay === null) {
      void this.failAfterEntering(link, stillIn !== null);
      state.failRoom(describeError(error));
      return;
    }
    const timer = setTimeout(() => void this.enterRoom(), delay);
    this.transition({ name: 'retrying', visit: { ...visit, failures: visit.failures + 1 }, link, timer, interrupted, stillIn });
    // What is wrong, said as being handled: "Reconnecting to the server's storage…" while the database does not answer.
    state.startRejoining(describeRetrying(error));
  }

  /** After a fatal failure: free the server-side peer if the attempt got in, keep the error on screen, close the connection. */
  private async failAfterEntering(link: Link, wasInRoom: boolean): Promise<void> {
    const failed: StateNamed<'failed'> = { name: 'failed', link: wasInRoom ? link : null };
    this.transition(failed);
    if (!wasInRoom) return;
    await this.request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
    if (this.state === failed) this.transition({ name: 'failed', link: null });
  }

  /** Best effort: the server also cleans up when the socket closes. */
  private async finishLeaving(leaving: StateNamed<'leaving'>): Promise<void> {
    await this.request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
    if (this.state === leaving) this.transition({ name: 'outside' });
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

  private handleDisconnect(link: Link, reason: string): void {
    const from = this.state;
    // Closed by us, or no longer the state's connection: what closed it moved the state on already.
    if (reason === 'io client disconnect' || !isUnderway(from) || from.link !== link) return;
    const state = this.store.getState();
    // Broadcasts sent until we are back are lost: the rejoin asks for them from here.
    const interrupted = interruptedBy(from, state.self?.role);
    const wasQueued = isQueued(from);
    this.forgetRoomMedia();
    if (reason === 'io server disconnect') {
      // socket.io does not reconnect after a server-side disconnect. During a
      // restart that is what we want; otherwise the server sent us away.
      if (!state.notice) {
        this.transition({ name: 'failed', link: null });
        state.failRoom('The server ended your connection. Please reload the page to join again.');
        return;
      }
      link.socket.connect();
    }
    this.transition({ name: 'connecting', visit: from.visit, link, interrupted, isQueued: wasQueued, unreachable: 0 });
    if (wasQueued) {
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
      if (!received || this.currentMedia !== media) return;
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
      if (error instanceof MediaClosedError || this.currentMedia !== media) return;
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
    const media = this.currentMedia;
    if (!consumer || !media) return;
    void media.setFlow(consumerId, this.flowFor(consumerId, consumer.kind, consumer.source));
  }

  /** Sound always flows (it is cheap and heard off screen); video as its tile and the data saver decide. */
  private flowFor(consumerId: ConsumerId, kind: 'audio' | 'video', source: MediaSource) {
    if (kind === 'audio') return { isPaused: false, spatialLayer: null };
    return decideVideoFlow(source, this.videoViews.get(consumerId), this.store.getState().dataSaver);
  }

  /**
   * What was received goes with the stay's media (closed by the transition
   * that drops it): its consumers and the views of their tiles, and the
   * peers, whose producers the next join announces again.
   */
  private forgetRoomMedia(): void {
    this.videoViews.clear();
    const state = this.store.getState();
    state.setMediaLink('ok');
    if (state.peers.length > 0) state.resetPeers([]);
  }
}
