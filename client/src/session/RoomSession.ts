import type { MediaSource, ProducerInfo, ServerToClientEvents } from '../../../shared/events.js';
import type { RoomId } from '../../../shared/ids.js';
import { createIdentity } from '../api/httpApi.js';
import { LocalMedia } from '../media/LocalMedia.js';
import type { MediaClient } from '../media/MediaClient.js';
import { MediaClosedError } from '../media/MediaClosedError.js';
import type { InboundRtpSummary } from '../media/inboundRtpStats.js';
import { bindServerEvents, type SessionControls } from '../realtime/bindServerEvents.js';
import { describeError, RequestError } from '../realtime/requestError.js';
import { closeSocket, openSocket, request, type AppSocket } from '../realtime/socket.js';
import type { AppStore } from '../store/appStore.js';
import { isRetryable, retryDelayMs } from './retryPolicy.js';

const LEAVE_TIMEOUT_MS = 3_000;

/**
 * One person's stay in one room, across reconnections: connects the socket,
 * joins, sets up media, and rebuilds it all when the connection or the media
 * worker is lost. Writes plain state to the store; owns the objects.
 */
export class RoomSession implements SessionControls {
  readonly localMedia: LocalMedia;
  private socket: AppSocket | null = null;
  private media: MediaClient | null = null;
  private unbindServerEvents: (() => void) | null = null;
  /**
   * Bumped by every (re)join and by leaving: async work started by an older
   * attempt compares its number and stops instead of touching newer state.
   */
  private attempt = 0;
  /** Whether the server counts us in the room (so a retry must leave first). */
  private isInRoom = false;
  private failedAttempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly store: AppStore) {
    this.localMedia = new LocalMedia((source) => this.handleTrackEnded(source));
  }

  get currentMedia(): MediaClient | null {
    return this.media;
  }

  /** Opens camera and microphone for the pre-join preview (once; later calls reuse the tracks). */
  async startPreview(): Promise<void> {
    const state = this.store.getState();
    state.setPreviewStatus('starting');
    const result = await this.localMedia.open({ camera: true, microphone: true });
    this.store.getState().setDevicesOn({ isCameraOn: result.camera !== null, isMicOn: result.microphone !== null });
    this.store.getState().setPreviewStatus(result.error ? 'error' : 'ready', result.error ? describeError(result.error) : null);
  }

  /** Turns a device on or off, before or during the room; while joined, starts or stops sending it. */
  async setDevice(source: MediaSource, isOn: boolean): Promise<void> {
    const devices = () => {
      const { isCameraOn, isMicOn } = this.store.getState();
      return { isCameraOn, isMicOn };
    };
    const flag = source === 'camera' ? 'isCameraOn' : 'isMicOn';
    if (!isOn) {
      this.store.getState().setDevicesOn({ ...devices(), [flag]: false });
      const media = this.media;
      this.localMedia.close(source);
      await media?.stopProducing(source).catch((error: unknown) => this.warn(`stop ${source}`, error));
      return;
    }
    const result = await this.localMedia.open({ camera: source === 'camera', microphone: source === 'microphone' });
    const track = this.localMedia.track(source);
    if (!track) {
      this.store.getState().setPreviewStatus('error', describeError(result.error));
      return;
    }
    this.store.getState().setDevicesOn({ ...devices(), [flag]: true });
    this.store.getState().setPreviewStatus('ready');
    const media = this.media;
    if (media?.isOpen) await this.send(media, source, track);
  }

  /** Enters a room: gets an identity if needed, connects, and joins once connected. */
  async join(roomId: RoomId): Promise<void> {
    this.clearRetry();
    this.store.getState().startJoining(roomId);
    this.failedAttempts = 0;
    try {
      await this.ensureIdentity();
    } catch (error) {
      const isNameRefused = error instanceof RequestError && error.code === 'INVALID_PAYLOAD';
      this.store.getState().failRoom(isNameRefused ? 'This name cannot be used. Please choose another one.' : describeError(error));
      return;
    }
    if (this.store.getState().roomId !== roomId) return;
    this.connect();
  }

  /** Leaves the room and closes the connection; local devices stay as they are. */
  async leave(): Promise<void> {
    // State changes first and synchronously: the UI moves on at once, and a
    // join started meanwhile is not undone by this leave finishing later.
    this.attempt += 1;
    this.clearRetry();
    this.teardownMedia();
    this.store.getState().resetPeers([]);
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
    this.localMedia.closeAll();
    this.store.getState().setDevicesOn({ isCameraOn: false, isMicOn: false });
    this.store.getState().setPreviewStatus('idle');
    this.store.getState().resetRoom();
    await leaving;
  }

  /** The track of a remote consumer, to attach to a media element. */
  remoteTrack(consumerId: Parameters<MediaClient['trackOf']>[0]): MediaStreamTrack | null {
    return this.media?.trackOf(consumerId) ?? null;
  }

  getInboundRtpStats(): Promise<InboundRtpSummary[]> {
    return this.media?.getInboundRtpStats() ?? Promise.resolve([]);
  }

  consume(producer: ProducerInfo): void {
    const media = this.media;
    // Before the receiving transport is open, producers wait in the store;
    // consumeKnownProducers() picks them up.
    if (!media?.isOpen) return;
    if (producer.peerId === this.store.getState().selfPeerId) return;
    void this.receive(media, producer);
  }

  handleRoomClosed(payload: Parameters<ServerToClientEvents['room:closed']>[0]): void {
    const state = this.store.getState();
    if (payload.roomId !== state.roomId) return;
    this.attempt += 1;
    this.isInRoom = false;
    this.teardownMedia();
    if (payload.rejoin) {
      state.startRejoining('The media server restarted. Reconnecting…');
      void this.enterRoom();
    } else if (payload.reason === 'shutdown') {
      // The socket will drop and reconnect; the 'connect' handler joins again.
      state.startRejoining('The server is restarting. Reconnecting…');
    } else {
      state.failRoom('The room was closed.');
    }
  }

  private connect(): void {
    this.closeConnection();
    const socket = openSocket({
      getToken: () => this.store.getState().token ?? '',
      renewIdentity: async () => {
        this.store.getState().forgetIdentity();
        await this.ensureIdentity();
      },
      onUnreachable: () => {
        const { status } = this.store.getState();
        if (status === 'joining' || status === 'rejoining') {
          this.store.getState().setStatusDetail('Cannot reach the server. Still trying…');
        }
      },
      onRefused: (message) => {
        this.attempt += 1;
        this.teardownMedia();
        this.closeConnection();
        this.store.getState().failRoom(message);
      },
    });
    this.socket = socket;
    this.unbindServerEvents = bindServerEvents(socket, this.store, this);
    // Fires on the first connection and on every reconnection.
    socket.on('connect', () => void this.enterRoom());
    socket.on('disconnect', (reason) => this.handleDisconnect(reason));
  }

  private closeConnection(): void {
    this.unbindServerEvents?.();
    this.unbindServerEvents = null;
    if (this.socket) closeSocket();
    this.socket = null;
  }

  private async ensureIdentity(): Promise<void> {
    const { token, displayName } = this.store.getState();
    if (token) return;
    const response = await createIdentity(displayName.trim());
    this.store.getState().setIdentity(response);
  }

  /** Joins the room on the current connection and sets up media; retries what is worth retrying. */
  private async enterRoom(): Promise<void> {
    const { roomId, status } = this.store.getState();
    // A reconnection after leaving (or after a fatal error) must not bring us back in.
    if (!roomId || status === 'idle' || status === 'left' || status === 'error') return;
    this.clearRetry();
    const attempt = ++this.attempt;
    const isCurrent = () => attempt === this.attempt;
    this.teardownMedia();
    try {
      if (this.isInRoom) {
        // A previous attempt got in but failed later: the server allows one room per connection.
        this.isInRoom = false;
        await request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
        if (!isCurrent()) return;
      }
      const joined = await request('room:join', { roomId });
      if (!isCurrent()) return;
      this.isInRoom = true;
      const state = this.store.getState();
      state.setSelfPeerId(joined.self.peerId);
      state.resetPeers(joined.peers.filter((peer) => peer.peerId !== joined.self.peerId));

      // Loaded on the first join: the landing page does not need mediasoup-client.
      const { MediaClient } = await import('../media/MediaClient.js');
      const media = await MediaClient.create(joined.routerRtpCapabilities, request, {
        onTransportFailed: (direction) => {
          if (this.media === media) this.restartAfterFailure(`The ${direction === 'send' ? 'sending' : 'receiving'} media connection was lost. Reconnecting…`);
        },
      });
      if (!isCurrent()) return;
      this.media = media;
      await media.openTransports();
      if (!isCurrent()) return;
      this.failedAttempts = 0;
      this.store.getState().markJoined();
      await Promise.all([this.sendLocalTracks(media), this.consumeKnownProducers(media)]);
    } catch (error) {
      if (!isCurrent() || error instanceof MediaClosedError) return;
      this.handleEnterFailure(error);
    }
  }

  private handleEnterFailure(error: unknown): void {
    this.teardownMedia();
    // Offline: the socket's 'connect' handler will try again.
    if (error instanceof RequestError && error.code === 'DISCONNECTED') return;
    const delay = isRetryable(error) ? retryDelayMs(this.failedAttempts) : null;
    if (delay === null) {
      this.store.getState().failRoom(describeError(error));
      void this.leaveAfterFailure();
      return;
    }
    this.failedAttempts += 1;
    this.store.getState().startRejoining(describeError(error));
    this.retryTimer = setTimeout(() => void this.enterRoom(), delay);
  }

  /** After a fatal failure: free the server-side peer, keep the error on screen. */
  private async leaveAfterFailure(): Promise<void> {
    this.attempt += 1;
    if (this.isInRoom) {
      this.isInRoom = false;
      await request('room:leave', {}, LEAVE_TIMEOUT_MS).catch(() => undefined);
    }
    this.closeConnection();
  }

  private restartAfterFailure(detail: string): void {
    this.attempt += 1;
    this.teardownMedia();
    this.store.getState().startRejoining(detail);
    void this.enterRoom();
  }

  private handleDisconnect(reason: string): void {
    this.isInRoom = false;
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
    state.startRejoining(state.notice ? 'The server is restarting. Reconnecting…' : 'Connection lost. Reconnecting…');
  }

  private async sendLocalTracks(media: MediaClient): Promise<void> {
    const { isCameraOn, isMicOn } = this.store.getState();
    const sends: Promise<void>[] = [];
    for (const [source, isOn] of [['camera', isCameraOn], ['microphone', isMicOn]] as const) {
      const track = this.localMedia.track(source);
      if (isOn && track) sends.push(this.send(media, source, track));
    }
    await Promise.all(sends);
  }

  private async send(media: MediaClient, source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (!media.canProduce(source)) return;
    try {
      await media.produce(source, track);
    } catch (error) {
      if (error instanceof MediaClosedError || this.media !== media) return;
      this.warn(`send ${source}`, error);
      this.store.getState().setPreviewStatus('error', `Your ${source} could not be sent: ${describeError(error)}`);
    }
  }

  private async consumeKnownProducers(media: MediaClient): Promise<void> {
    const producers = this.store.getState().peers.flatMap((peer) => peer.producers);
    await Promise.all(producers.map((producer) => this.receive(media, producer)));
  }

  /** Consume, record, resume: the order mediasoup needs for video to start on a key frame. */
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
      state.addConsumer(received.peerId, received);
      await media.resume(received.consumerId);
      if (this.media !== media) return;
      this.store.getState().markConsumerReady(received.consumerId);
    } catch (error) {
      if (error instanceof MediaClosedError || this.media !== media) return;
      // NOT_FOUND: the producer went away between its announcement and our request.
      if (error instanceof RequestError && error.code === 'NOT_FOUND') return;
      this.warn(`receive ${producer.kind} of ${producer.peerId}`, error);
    }
  }

  private teardownMedia(): void {
    this.media?.close();
    this.media = null;
    const state = this.store.getState();
    // Consumers died with the media; producers are re-announced by the next join.
    if (state.peers.length > 0) state.resetPeers([]);
  }

  private handleTrackEnded(source: MediaSource): void {
    const { isCameraOn, isMicOn } = this.store.getState();
    this.store.getState().setDevicesOn(
      source === 'camera' ? { isCameraOn: false, isMicOn } : { isCameraOn, isMicOn: false },
    );
    void this.media?.stopProducing(source).catch((error: unknown) => this.warn(`stop ${source}`, error));
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private warn(what: string, error: unknown): void {
    console.warn(`[convene] ${what} failed`, error);
  }
}
