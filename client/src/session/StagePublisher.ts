import type { ModerationAction, Seat } from '../../../shared/events.js';
import { MEDIA_SOURCES, type MediaSource } from '../../../shared/mediaSources.js';
import type { LocalMedia } from '../media/LocalMedia.js';
import type { MediaClient } from '../media/MediaClient.js';
import { MediaClosedError } from '../media/MediaClosedError.js';
import { screenShareFailure } from '../media/screenShareFailure.js';
import { describeError } from '../realtime/requestError.js';
import type { AppStore } from '../store/appStore.js';
import { devicesOnArrival, type SeatArrival } from './stageDevices.js';

const SOURCE_NAMES: Record<MediaSource, string> = {
  camera: 'camera',
  microphone: 'microphone',
  screen: 'screen share',
  'screen-audio': 'screen sound',
};

/**
 * What this browser sends: the microphone, camera and screen share, from the
 * pre-join preview to the stage and back to the audience. Only people on
 * stage send; the store's flags say what is on, LocalMedia holds the tracks,
 * and the current MediaClient (if any) carries them.
 */
export class StagePublisher {
  /**
   * What was on when a seat that sends nothing closed the devices (joining
   * the audience, a moderator listening in on a buzz group): the next stage
   * seat (a buzz group, back on the main stage) turns it on again, so people
   * come and go with their camera and microphone as they had them.
   */
  private closedBySeat: { isCameraOn: boolean; isMicOn: boolean } | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly localMedia: LocalMedia,
    private readonly currentMedia: () => MediaClient | null,
  ) {}

  /**
   * Opens the camera and microphone the person chose last time (both, on a
   * first visit) for the pre-join preview, and closes the others; later
   * calls reuse open tracks.
   */
  async startPreview(): Promise<void> {
    const state = this.store.getState();
    // A new pre-join is a new choice: what an earlier room's seat closed stays closed.
    this.closedBySeat = null;
    state.setPreviewStatus('starting');
    const { isCameraOn, isMicOn } = state.chosenDevices;
    if (!isCameraOn) this.localMedia.close('camera');
    if (!isMicOn) this.localMedia.close('microphone');
    const result = await this.localMedia.open({ camera: isCameraOn, microphone: isMicOn }, this.deviceChoice());
    this.store.getState().setDevicesOn({ isCameraOn: result.camera !== null, isMicOn: result.microphone !== null });
    this.store.getState().setPreviewStatus(result.error ? 'error' : 'ready', result.error ? describeError(result.error) : null);
  }

  /**
   * Joining from the pre-join screen: the person's choice is kept for buzz
   * groups and later visits. Only their own (the toggles they pressed, or
   * what they kept from last time): a device that merely failed to open
   * (busy, a permission prompt) stays chosen, and the next pre-join tries
   * it again.
   */
  rememberPreJoinChoice(): void {
    // Saved as it stands (a first visit's choice too): nothing changes it here.
    this.store.getState().chooseDevices({});
  }

  /** The person turns their microphone on or off (pre-join, control bar, group question): remembered as their choice. */
  async setMicrophone(isOn: boolean): Promise<void> {
    this.store.getState().chooseDevices({ isMicOn: isOn });
    await this.switchMicrophone(isOn);
  }

  /** The person turns their camera on or off: remembered as their choice. */
  async setCamera(isOn: boolean): Promise<void> {
    this.store.getState().chooseDevices({ isCameraOn: isOn });
    await this.switchCamera(isOn);
  }

  /**
   * Mutes or unmutes. On stage the microphone producer is paused, not
   * closed, so unmuting is instant; elsewhere the device is closed.
   */
  private async switchMicrophone(isOn: boolean): Promise<void> {
    const media = this.sendingMedia();
    if (!isOn) {
      this.setFlags({ isMicOn: false });
      if (media?.isProducing('microphone')) {
        await media.pauseProducer('microphone').catch((error: unknown) => this.report('microphone', error));
      } else {
        this.localMedia.close('microphone');
      }
      return;
    }
    const track = await this.openDevice('microphone');
    if (!track) return;
    this.setFlags({ isMicOn: true });
    if (!media) return;
    if (media.isProducing('microphone')) {
      await media.resumeProducer('microphone').catch((error: unknown) => {
        // Still paused on the server: show it muted, as it is.
        this.setFlags({ isMicOn: false });
        this.report('microphone', error);
      });
    } else {
      await this.send(media, 'microphone', track);
    }
  }

  /** Turns the camera on or off; off closes the device (its light goes out) and the producer. */
  private async switchCamera(isOn: boolean): Promise<void> {
    if (!isOn) {
      this.setFlags({ isCameraOn: false });
      this.localMedia.close('camera');
      await this.sendingMedia()
        ?.stopProducing('camera')
        .catch((error: unknown) => this.report('camera', error));
      return;
    }
    const track = await this.openDevice('camera');
    if (!track) return;
    this.setFlags({ isCameraOn: true });
    const media = this.sendingMedia();
    if (media) await this.send(media, 'camera', track);
  }

  /** Uses another camera or microphone; an open device switches at once, a sent one keeps sending. */
  async selectDevice(device: 'camera' | 'microphone', deviceId: string): Promise<void> {
    const isOpen = this.localMedia.track(device) !== null;
    if (!isOpen) {
      this.store.getState().setDeviceId(device, deviceId);
      return;
    }
    try {
      const track = await this.localMedia.switchDevice(device, deviceId);
      this.store.getState().setDeviceId(device, deviceId);
      const media = this.sendingMedia();
      if (media?.isProducing(device)) await this.send(media, device, track);
    } catch (error) {
      this.store.getState().setPreviewStatus('error', describeError(error));
    }
  }

  /** Shares a screen, window or tab (and its sound, when the browser offers it). */
  async startScreenShare(): Promise<void> {
    const media = this.sendingMedia();
    if (!media) return;
    let tracks: Awaited<ReturnType<LocalMedia['openScreen']>>;
    try {
      tracks = await this.localMedia.openScreen();
    } catch (error) {
      // Cancelling the browser's picker is a choice, not a failure: no message then.
      const { message } = screenShareFailure(error);
      if (message) {
        console.warn('[convene] screen share failed', error);
        this.store.getState().addNotice(message);
      }
      return;
    }
    this.store.getState().setScreenSharing(true);
    await Promise.all([
      this.send(media, 'screen', tracks.screen),
      tracks.audio ? this.send(media, 'screen-audio', tracks.audio) : Promise.resolve(),
    ]);
  }

  async stopScreenShare(): Promise<void> {
    this.store.getState().setScreenSharing(false);
    this.localMedia.close('screen');
    this.localMedia.close('screen-audio');
    const media = this.currentMedia();
    await Promise.all(
      (['screen', 'screen-audio'] as const).map((source) =>
        media?.stopProducing(source).catch((error: unknown) => this.report(source, error)),
      ),
    );
  }

  /**
   * After a (re)join: on stage, send again what was on before the
   * connection was lost; in the audience, send nothing and free the devices.
   */
  async publishAfterJoin(seat: Seat): Promise<void> {
    if (seat !== 'stage') {
      this.closeStageMedia();
      return;
    }
    const media = this.sendingMedia();
    if (!media) return;
    await this.reopenClosedBySeat();
    const { isMicOn, isCameraOn, isScreenSharing } = this.store.getState();
    // A muted microphone is sent paused, as before: others see "muted", not "no microphone".
    const isMicMuted = !isMicOn && this.localMedia.track('microphone') !== null;
    const wanted: [MediaSource, boolean][] = [
      ['microphone', isMicOn || isMicMuted],
      ['camera', isCameraOn],
      ['screen', isScreenSharing],
      ['screen-audio', isScreenSharing],
    ];
    await Promise.all(
      wanted.map(([source, isOn]) => {
        const track = this.localMedia.track(source);
        return isOn && track ? this.send(media, source, track) : Promise.resolve();
      }),
    );
    if (isMicMuted && !this.store.getState().isMicOn) {
      await media.pauseProducer('microphone').catch((error: unknown) => this.report('microphone', error));
    }
    if (isScreenSharing && !this.localMedia.track('screen')) this.store.getState().setScreenSharing(false);
  }

  /** Our seat changed while in the room: invited up (microphone and camera on), or back to the audience. */
  async handleSeatChanged(seat: Seat): Promise<void> {
    if (seat === 'audience') {
      this.closeStageMedia();
      return;
    }
    await this.arrive('invited');
  }

  /** After a (re)join: sends what the way we arrived on our seat calls for (see stageDevices.ts). */
  async publishOnArrival(arrival: SeatArrival, seat: Seat): Promise<void> {
    if (arrival === 'invited' || arrival === 'group') {
      await this.arrive(arrival);
      return;
    }
    await this.publishAfterJoin(seat);
  }

  /**
   * Onto a stage seat from one that sent nothing: turns on what the plan
   * says (never, in a buzz group, what the person did not choose) and opens
   * the question about the rest.
   */
  private async arrive(arrival: 'invited' | 'group'): Promise<void> {
    this.closedBySeat = null;
    const state = this.store.getState();
    const plan = devicesOnArrival(arrival, state.chosenDevices, state.hasAnsweredDeviceQuestion);
    await Promise.all([
      plan.isMicOn ? this.switchMicrophone(true) : Promise.resolve(),
      plan.isCameraOn ? this.switchCamera(true) : Promise.resolve(),
    ]);
    this.store.getState().setDeviceQuestionOpen(plan.shouldAsk);
  }

  /** A moderator acted on our media: follow locally what the server already did. */
  async handleModeration(action: ModerationAction): Promise<void> {
    const media = this.currentMedia();
    switch (action.action) {
      case 'muted':
        // Off stays off from here on: the next buzz group does not turn it back on.
        this.store.getState().chooseDevices({ isMicOn: false });
        this.setFlags({ isMicOn: false });
        media?.notePausedByServer('microphone');
        return;
      case 'stopped':
        if (action.source === 'camera') {
          this.store.getState().chooseDevices({ isCameraOn: false });
          this.setFlags({ isCameraOn: false });
          this.localMedia.close('camera');
          await media?.forgetProducer('camera');
          return;
        }
        this.store.getState().setScreenSharing(false);
        this.localMedia.close('screen');
        this.localMedia.close('screen-audio');
        // The server closed the screen's sound with it.
        await media?.forgetProducer('screen');
        await media?.forgetProducer('screen-audio');
        return;
      case 'sent-to-audience':
        // The seat change itself arrives as `peer:updated`.
        return;
    }
  }

  /** A device went away (unplugged, taken by another app) or the browser ended the screen share. */
  handleTrackEnded(source: MediaSource): void {
    if (source === 'screen') {
      void this.stopScreenShare();
      return;
    }
    if (source === 'camera') this.setFlags({ isCameraOn: false });
    if (source === 'microphone') this.setFlags({ isMicOn: false });
    void this.currentMedia()
      ?.stopProducing(source)
      .catch((error: unknown) => this.report(source, error));
  }

  /** Closes every device (the person left the room page). */
  closeAll(): void {
    this.localMedia.closeAll();
    this.setFlags({ isCameraOn: false, isMicOn: false });
    this.store.getState().setScreenSharing(false);
  }

  /** In the audience nothing is sent: the server closed our producers, we free the devices. */
  private closeStageMedia(): void {
    const { isCameraOn, isMicOn } = this.store.getState();
    if (isCameraOn || isMicOn || !this.closedBySeat) this.closedBySeat = { isCameraOn, isMicOn };
    const media = this.currentMedia();
    for (const source of MEDIA_SOURCES) {
      void media?.forgetProducer(source);
    }
    this.closeAll();
  }

  /** Back on a stage seat: the devices a seat closed come back on (see {@link closedBySeat}). */
  private async reopenClosedBySeat(): Promise<void> {
    const closed = this.closedBySeat;
    this.closedBySeat = null;
    if (!closed) return;
    await Promise.all([
      closed.isMicOn && !this.store.getState().isMicOn ? this.reopen('microphone') : Promise.resolve(),
      closed.isCameraOn && !this.store.getState().isCameraOn ? this.reopen('camera') : Promise.resolve(),
    ]);
  }

  private async reopen(device: 'camera' | 'microphone'): Promise<void> {
    if (!(await this.openDevice(device))) return;
    this.setFlags(device === 'camera' ? { isCameraOn: true } : { isMicOn: true });
  }

  /** The MediaClient to send with, only while on stage and in the room. */
  private sendingMedia(): MediaClient | null {
    const media = this.currentMedia();
    return media?.isOpen && this.store.getState().self?.seat === 'stage' ? media : null;
  }

  private async openDevice(device: 'camera' | 'microphone'): Promise<MediaStreamTrack | null> {
    const result = await this.localMedia.open({ camera: device === 'camera', microphone: device === 'microphone' }, this.deviceChoice());
    const track = this.localMedia.track(device);
    if (!track) {
      this.store.getState().setPreviewStatus('error', describeError(result.error));
      return null;
    }
    this.store.getState().setPreviewStatus('ready');
    return track;
  }

  private async send(media: MediaClient, source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (!media.canProduce(source)) return;
    try {
      await media.produce(source, track);
    } catch (error) {
      if (error instanceof MediaClosedError || this.currentMedia() !== media) return;
      this.report(source, error);
    }
  }

  private deviceChoice() {
    const { cameraDeviceId, microphoneDeviceId } = this.store.getState();
    return { camera: cameraDeviceId, microphone: microphoneDeviceId };
  }

  private setFlags(change: Partial<{ isCameraOn: boolean; isMicOn: boolean }>): void {
    const { isCameraOn, isMicOn } = this.store.getState();
    this.store.getState().setDevicesOn({ isCameraOn, isMicOn, ...change });
  }

  private report(source: MediaSource, error: unknown): void {
    console.warn(`[convene] ${source} failed`, error);
    this.store.getState().addNotice(`Your ${SOURCE_NAMES[source]} could not be updated: ${describeError(error)}`);
  }
}
