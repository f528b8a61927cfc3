import type { RecordingRepository } from '../db/recordingRepository.js';
import type { Logger } from '../logger.js';
import { captureDirsOf, captureSegments } from './captureSegments.js';
import { recordingDir } from './recordingFiles.js';
import { recoverAfterCrash, type RecordingState } from './recordingSession.js';

/**
 * A process renews the heartbeat of each recording it runs this often; one
 * not renewed for {@link ABANDONED_AFTER_MS} belongs to a process that died.
 */
export const HEARTBEAT_EVERY_MS = 10_000;
export const ABANDONED_AFTER_MS = 30_000;

/**
 * Finalises the recordings a dead process left unfinished: what was written
 * is kept and the recording is marked partial, so none stays "in progress"
 * for ever. Runs at start-up and then regularly (a process that restarted
 * within the heartbeat window finds its old recordings on a later sweep;
 * with several processes, any of them finds a dead one's). The file each
 * ffmpeg was writing is closed first: listed with its length read from
 * what it holds, or deleted when nothing in it plays. (A dead process's
 * ffmpeg stops by itself within about 10 s of its input going quiet, well
 * before a recording counts as abandoned.)
 *
 * @returns how many recordings were finalised.
 */
export async function finaliseAbandonedRecordings(
  deps: { recordings: RecordingRepository; logger: Logger; recordingsDir: string; ffprobePath: string; onFinalised?(recordingId: string): void },
  now: number,
): Promise<number> {
  const abandoned = await deps.recordings.abandoned(now - ABANDONED_AFTER_MS);
  for (const recording of abandoned) {
    const startedAt = startOf(recording.state);
    if (startedAt !== null) {
      const directory = recordingDir(deps.recordingsDir, recording.id);
      for (const capture of await captureDirsOf(directory)) {
        const segments = await captureSegments({
          recordingDirectory: directory,
          capture,
          recordingStartedAt: startedAt,
          ffprobePathForOpenSegments: deps.ffprobePath,
        });
        await deps.recordings.saveSegments(recording.id, segments);
      }
    }
    const state = recoverAfterCrash(recording.state, await deps.recordings.lastWrittenAt(recording.id));
    await deps.recordings.save(recording.id, state, now);
    deps.logger.warn({ recordingId: recording.id, roomId: recording.roomId, was: recording.state.name }, 'recording finalised as partial');
    deps.onFinalised?.(recording.id);
  }
  return abandoned.length;
}

function startOf(state: RecordingState): number | null {
  return state.name === 'recording' || state.name === 'stopping' ? state.startedAt : null;
}
