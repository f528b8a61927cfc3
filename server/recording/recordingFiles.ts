import path from 'node:path';

/**
 * Where a recording's files live, all below `<recordingsDir>/<recordingId>/`:
 *
 *   tracks/<capture>/run-0001-00000.webm …   one capture per person on stage
 *                                            (see RtpCapture; a new capture
 *                                            when what they send changes)
 *   tracks/<capture>/capture.json            whose tracks, and when each run started
 *   package/video.webm, audio.webm,          what packaging produced
 *           thumbnail.jpg
 *   captions.vtt                             attached by an organiser
 *
 * Names are chosen here, by the server, and stored relative to the
 * recording's directory; nothing a request carries ever becomes a path.
 */
export const PACKAGE_FILES = {
  video: 'package/video.webm',
  audio: 'package/audio.webm',
  thumbnail: 'package/thumbnail.jpg',
} as const;

export const CAPTIONS_FILE = 'captions.vtt';

/** The metadata file of one capture (see {@link CaptureInfo}). */
export const CAPTURE_INFO_FILE = 'capture.json';

/** What a capture's directory holds beside its segments: who it records, and when each ffmpeg run began. */
export interface CaptureInfo {
  peerId: string;
  displayName: string;
  sources: string[];
  /** Run number → Date.now() when media started flowing to that run's ffmpeg. */
  runs: Record<string, number>;
}

export function recordingDir(recordingsDir: string, recordingId: string): string {
  return path.join(recordingsDir, recordingId);
}

/** A capture's directory name, relative to the recording's: `tracks/007`. */
export function captureDirName(capture: number): string {
  return path.posix.join('tracks', String(capture).padStart(3, '0'));
}
