import type { MediaSource } from '../../../shared/events.js';

/**
 * 640×360 at up to 24 fps: readable faces, and a 2-core laptop can encode it
 * while decoding several others. Receivers on weak links are what limit a
 * webinar, not sharpness.
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

export interface OpenResult {
  camera: MediaStreamTrack | null;
  microphone: MediaStreamTrack | null;
  /** The first failure, if a requested device could not be opened. */
  error: unknown;
}

/**
 * Owns this browser's camera and microphone tracks, from the pre-join
 * preview through the room (producers send these tracks without owning them,
 * so a rejoin re-sends the same ones).
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
  open(wanted: { camera: boolean; microphone: boolean }): Promise<OpenResult> {
    const result = this.queue.then(() => this.openNow(wanted));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async openNow(wanted: { camera: boolean; microphone: boolean }): Promise<OpenResult> {
    const needCamera = wanted.camera && !this.track('camera');
    const needMicrophone = wanted.microphone && !this.track('microphone');
    let error: unknown = null;
    if (needCamera && needMicrophone) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          video: CAMERA_CONSTRAINTS,
          audio: MICROPHONE_CONSTRAINTS,
        });
        for (const track of stream.getTracks()) this.adopt(track.kind === 'video' ? 'camera' : 'microphone', track);
      } catch (bothError) {
        error = bothError;
      }
    }
    if (wanted.camera && !this.track('camera')) {
      error = (await this.openOne('camera')) ?? error;
    }
    if (wanted.microphone && !this.track('microphone')) {
      error = (await this.openOne('microphone')) ?? error;
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
    this.close('camera');
    this.close('microphone');
  }

  private async openOne(source: MediaSource): Promise<unknown> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(
        source === 'camera' ? { video: CAMERA_CONSTRAINTS } : { audio: MICROPHONE_CONSTRAINTS },
      );
      const [track] = stream.getTracks();
      if (track) this.adopt(source, track);
      return null;
    } catch (error) {
      return error;
    }
  }

  private adopt(source: MediaSource, track: MediaStreamTrack): void {
    this.tracks.get(source)?.stop();
    this.tracks.set(source, track);
    // A device can go away (unplugged, taken by another app).
    track.addEventListener('ended', () => {
      if (this.tracks.get(source) !== track) return;
      this.tracks.delete(source);
      this.onTrackEnded(source);
    });
  }
}
