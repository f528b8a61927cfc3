import { AppError } from '../../shared/errors.js';

/**
 * The life of one recording of a session, persisted as it changes so that
 * no recording is ever left "in progress" by a crash:
 *
 *   starting ──captured──▶ recording ──stop──▶ stopping ──stopped──▶ complete
 *      │                    │   ▲                  │
 *      │ failed             └───┘ capture restarted│
 *      ▼                                           │
 *    failed        (any unfinished state, found at start-up) ──▶ partial
 *
 * - starting: a moderator (or the session going live) asked; the capture
 *   (PlainTransports, ffmpeg) is being set up. Stopping now skips to stopping.
 * - recording: segments are being written since `startedAt`. ffmpeg dying
 *   does not end it: the capture restarts into new segments and `restarts`
 *   counts the gaps.
 * - stopping: ffmpeg was asked to finish its segments (never killed).
 * - complete: every segment is closed; packaging can start.
 * - failed: the capture never started; nothing was written.
 * - partial: the process died while recording. The next start-up closes
 *   what was written and keeps it, marked as incomplete.
 *
 * Pure: times are passed in (ms since the epoch), nothing runs here.
 */
export type RecordingState =
  | { name: 'starting'; requestedAt: number }
  | { name: 'recording'; startedAt: number; restarts: number }
  | { name: 'stopping'; startedAt: number | null; restarts: number; stopRequestedAt: number }
  | { name: 'complete'; startedAt: number; endedAt: number; restarts: number }
  | { name: 'failed'; endedAt: number; reason: string }
  | { name: 'partial'; startedAt: number | null; endedAt: number; restarts: number };

export type RecordingStateName = RecordingState['name'];

/** States a running process owns; finding one at start-up means that process died. */
const UNFINISHED: readonly RecordingStateName[] = ['starting', 'recording', 'stopping'];

/** A capture that keeps dying is not a recording: after this many restarts it stops for good. */
export const MAX_CAPTURE_RESTARTS = 20;

const conflict = (state: RecordingState, action: string) =>
  new AppError('CONFLICT', `cannot ${action} a recording that is ${state.name}`);

export function requestRecording(now: number): RecordingState {
  return { name: 'starting', requestedAt: now };
}

/** The capture is running: media is being written from now on. */
export function captureStarted(state: RecordingState, now: number): RecordingState {
  if (state.name !== 'starting') throw conflict(state, 'start capturing');
  return { name: 'recording', startedAt: now, restarts: 0 };
}

/** The capture could not be set up at all. */
export function captureFailed(state: RecordingState, now: number, reason: string): RecordingState {
  if (state.name !== 'starting') throw conflict(state, 'fail');
  return { name: 'failed', endedAt: now, reason };
}

/**
 * ffmpeg died and a new one took over (in new segments). Past
 * {@link MAX_CAPTURE_RESTARTS} the caller stops the recording instead.
 */
export function captureRestarted(state: RecordingState): RecordingState {
  if (state.name !== 'recording') throw conflict(state, 'restart');
  return { ...state, restarts: state.restarts + 1 };
}

export function mayRestartCapture(state: RecordingState): boolean {
  return state.name === 'recording' && state.restarts < MAX_CAPTURE_RESTARTS;
}

/** A moderator stopped it, or the session ended: ffmpeg is asked to finish. */
export function stopRecording(state: RecordingState, now: number): RecordingState {
  switch (state.name) {
    case 'starting':
      return { name: 'stopping', startedAt: null, restarts: 0, stopRequestedAt: now };
    case 'recording':
      return { name: 'stopping', startedAt: state.startedAt, restarts: state.restarts, stopRequestedAt: now };
    default:
      throw conflict(state, 'stop');
  }
}

/** ffmpeg finished: every segment is closed. Stopped before it started, nothing was written. */
export function captureStopped(state: RecordingState, now: number): RecordingState {
  if (state.name !== 'stopping') throw conflict(state, 'finish');
  if (state.startedAt === null) return { name: 'failed', endedAt: now, reason: 'stopped before it started' };
  return { name: 'complete', startedAt: state.startedAt, endedAt: now, restarts: state.restarts };
}

export function isUnfinished(state: RecordingState): boolean {
  return UNFINISHED.includes(state.name);
}

/**
 * At start-up, for a recording the previous process left unfinished: what
 * was written is kept, ending at the last segment's end (`lastWrittenAt`,
 * or when it was asked to start if nothing was written).
 */
export function recoverAfterCrash(state: RecordingState, lastWrittenAt: number | null): RecordingState {
  switch (state.name) {
    case 'starting':
      return { name: 'partial', startedAt: null, endedAt: lastWrittenAt ?? state.requestedAt, restarts: 0 };
    case 'recording':
      return { name: 'partial', startedAt: state.startedAt, endedAt: lastWrittenAt ?? state.startedAt, restarts: state.restarts };
    case 'stopping':
      return {
        name: 'partial',
        startedAt: state.startedAt,
        endedAt: lastWrittenAt ?? state.startedAt ?? state.stopRequestedAt,
        restarts: state.restarts,
      };
    default:
      throw conflict(state, 'recover');
  }
}
