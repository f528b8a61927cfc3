import type { MediaSource } from '../../../shared/events.js';

/**
 * 640×360 at up to 24 fps: readable faces, and a 2-core laptop can encode it
 * (in two simulcast sizes, see MediaClient) while decoding several others.
 * Receivers on weak links are what limit a webinar, not sharpness.
 */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 360 },
  frameRate: { ideal: 24, max: 30 },
};

export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

/** Slides need sharp text, not motion: a low frame rate keeps a shared screen cheap to send. */
const SCREEN_CONSTRAINTS: MediaTrackConstraints = { frameRate: { ideal: 10, max: 15 } };

type Device = 'camera' | 'microphone';

/** Which camera and microphone to open (null: the browser's default). */
export interface DeviceChoice {
  camera: string | null;
  microphone: string | null;
}

export interface OpenResult {
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  /** The first failure, if a requested device could not be opened. */
  error: unknown;
}

/**
 * Owns this browser's camera, microphone and screen-share tracks, from the
 * pre-join preview through the room (producers send these tracks without
 * owning them, so a rejoin re-sends the same ones).
 */
export class LocalMedia {
  private readonly tracks = new Map<MediaSource, MediaStreamTrack>();
  /** Opens run one after another, so two quick clicks never open a device twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly onTrackEnded: (source: MediaSource) => void = () => {}) {}

  track(source: MediaSource): MediaStreamTrack | null {
    const track = this.tracks.get(source);
    return track && track.readyState === 'live' ? track : null;
  }

  /**
   * Opens the requested devices with one permission prompt when possible;
   * if that fails, each device is tried alone so a missing camera does not
   * also cost the microphone.
   */
  open(wanted: { camera: boolean; microphone: boolean }, choice: DeviceChoice): Promise<OpenResult> {
    return this.inOrder(() => this.openNow(wanted, choice));
  }

  /** Replaces an open device's track by one from another device (the pre-join choice). */
  switchDevice(device: Device, deviceId: string): Promise<MediaStreamTrack> {
    return this.inOrder(async () => {
      const stream = await navigator.mediaDevices.getUserMedia(constraintsFor(device, deviceId));
      const [track] = stream.getTracks();
      if (!track) throw new DOMException('no track', 'NotFoundError');
      this.adopt(device, track);
      return track;
    });
  }

  /**
   * Asks the browser for a screen (or window, or tab) with its sound when the
   * browser offers it. Ending the share from the browser's own bar reports
   * 'screen' as ended.
   */
  openScreen(): Promise<{ screen: MediaStreamTrack; audio: MediaStreamTrack | null }> {
    return this.inOrder(async () => {
      // Most phones' browsers have no screen sharing at all.
      if (!navigator.mediaDevices?.getDisplayMedia) throw new DOMException('this browser cannot share a screen', 'NotSupportedError');
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: SCREEN_CONSTRAINTS, audio: true });
      const [screen] = stream.getVideoTracks();
      const [audio = null] = stream.getAudioTracks();
      if (!screen) throw new DOMException('no screen track', 'NotFoundError');
      // Encoders keep text crisp for 'detail' content rather than smooth motion.
      screen.contentHint = 'detail';
      this.adopt('screen', screen);
      if (audio) this.adopt('screen-audio', audio);
      else this.close('screen-audio');
      return { screen, audio };
    });
  }

  private inOrder<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async openNow(wanted: { camera: boolean; microphone: boolean }, choice: DeviceChoice): Promise<OpenResult> {
    const needCamera = wanted.camera && !this.track('camera');
    const needMicrophone = wanted.microphone && !this.track('microphone');
    let error: unknown = null;
    if (needCamera && needMicrophone) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          ...constraintsFor('camera', choice.camera),
          ...constraintsFor('microphone', choice.microphone),
        });
        for (const track of stream.getTracks()) this.adopt(track.kind === 'video' ? 'camera' : 'microphone', track);
      } catch (bothError) {
        error = bothError;
      }
    }
    if (wanted.camera && !this.track('camera')) {
      error = (await this.openOne('camera', choice.camera)) ?? error;
    }
    if (wanted.microphone && !this.track('microphone')) {
      error = (await this.openOne('microphone', choice.microphone)) ?? error;
    }
    const camera = wanted.camera ? this.track('camera') : null;
    const microphone = wanted.microphone ? this.track('microphone') : null;
    const isComplete = (!wanted.camera || camera) && (!wanted.microphone || microphone);
    return { camera, microphone, error: isComplete ? null : error };
  }

  /** Stops a device so its light goes off and the browser stops capturing. */
  close(source: MediaSource): void {
    const track = this.tracks.get(source);
    this.tracks.delete(source);
    track?.stop();
  }

  closeAll(): void {
    for (const source of [...this.tracks.keys()]) this.close(source);
  }

  private async openOne(device: Device, deviceId: string | null): Promise<unknown> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(constraintsFor(device, deviceId));
      const [track] = stream.getTracks();
      if (track) this.adopt(device, track);
      return null;
    } catch (error) {
      return error;
    }
  }

  private adopt(source: MediaSource, track: MediaStreamTrack): void {
    this.tracks.get(source)?.stop();
    this.tracks.set(source, track);
    // A device can go away (unplugged, taken by another app), a screen share can be ended by the browser.
    track.addEventListener('ended', () => {
      if (this.tracks.get(source) !== track) return;
      this.tracks.delete(source);
      this.onTrackEnded(source);
    });
  }
}

/**
 * `ideal`, not `exact`: a chosen device that was unplugged since falls back
 * to another one instead of failing.
 */
function constraintsFor(device: Device, deviceId: string | null): MediaStreamConstraints {
  const base = device === 'camera' ? CAMERA_CONSTRAINTS : MICROPHONE_CONSTRAINTS;
  const constraints = deviceId ? { ...base, deviceId: { ideal: deviceId } } : base;
  return device === 'camera' ? { video: constraints } : { audio: constraints };
}
