import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../test/outcome.js';
import {
  captureFailed,
  captureRestarted,
  captureStarted,
  captureStopped,
  isUnfinished,
  MAX_CAPTURE_RESTARTS,
  mayRestartCapture,
  recoverAfterCrash,
  requestRecording,
  stopRecording,
  type RecordingState,
} from './recordingSession.js';

const outcome = (run: () => RecordingState): string => outcomeOf(run, (state) => state.name);

const starting = requestRecording(1_000);
const recording = captureStarted(starting, 1_500);
const stopping = stopRecording(recording, 61_500);
const complete = captureStopped(stopping, 62_000);

describe('the recording state machine', () => {
  it('goes starting → recording → stopping → complete', () => {
    expect(recording).toEqual({ name: 'recording', startedAt: 1_500, restarts: 0 });
    expect(stopping).toEqual({ name: 'stopping', startedAt: 1_500, restarts: 0, stopRequestedAt: 61_500 });
    expect(complete).toEqual({ name: 'complete', startedAt: 1_500, endedAt: 62_000, restarts: 0 });
  });

  it('keeps recording when the capture restarts, up to a limit', () => {
    let state = recording;
    for (let i = 0; i < MAX_CAPTURE_RESTARTS; i++) {
      expect(mayRestartCapture(state)).toBe(true);
      state = captureRestarted(state);
    }
    expect(state).toMatchObject({ name: 'recording', restarts: MAX_CAPTURE_RESTARTS });
    expect(mayRestartCapture(state)).toBe(false);
    expect(captureStopped(stopRecording(state, 9_000), 9_500)).toMatchObject({ name: 'complete', restarts: MAX_CAPTURE_RESTARTS });
  });

  it('ends as failed when the capture never started, or was stopped before it did', () => {
    expect(captureFailed(starting, 2_000, 'no ffmpeg')).toEqual({ name: 'failed', endedAt: 2_000, reason: 'no ffmpeg' });
    expect(captureStopped(stopRecording(starting, 1_200), 1_300)).toMatchObject({ name: 'failed', endedAt: 1_300 });
  });

  it('refuses what does not fit the state', () => {
    expect(outcome(() => captureStarted(recording, 0))).toBe('CONFLICT');
    expect(outcome(() => stopRecording(stopping, 0))).toBe('CONFLICT');
    expect(outcome(() => stopRecording(complete, 0))).toBe('CONFLICT');
    expect(outcome(() => captureRestarted(stopping))).toBe('CONFLICT');
    expect(outcome(() => captureStopped(recording, 0))).toBe('CONFLICT');
    expect(outcome(() => captureFailed(recording, 0, 'x'))).toBe('CONFLICT');
  });

  it('turns whatever a dead process left unfinished into a partial recording, never leaving it in progress', () => {
    expect([starting, recording, stopping].every(isUnfinished)).toBe(true);
    expect([complete, captureFailed(starting, 2_000, 'x')].some(isUnfinished)).toBe(false);
    expect(recoverAfterCrash(recording, 30_000)).toEqual({ name: 'partial', startedAt: 1_500, endedAt: 30_000, restarts: 0 });
    expect(recoverAfterCrash(stopping, null)).toEqual({ name: 'partial', startedAt: 1_500, endedAt: 1_500, restarts: 0 });
    expect(recoverAfterCrash(starting, null)).toEqual({ name: 'partial', startedAt: null, endedAt: 1_000, restarts: 0 });
    expect(outcome(() => recoverAfterCrash(complete, null))).toBe('CONFLICT');
  });
});
