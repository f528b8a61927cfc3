import type { RecordingRepository } from '../db/recordingRepository.js';
import type { Logger } from '../logger.js';
import { recoverAfterCrash } from './recordingSession.js';

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
 * with several processes, any of them finds a dead one's). Closing the
 * file ffmpeg was writing when it died comes with the capture.
 *
 * @returns how many recordings were finalised.
 */
export async function finaliseAbandonedRecordings(
  deps: { recordings: RecordingRepository; logger: Logger },
  now: number,
): Promise<number> {
  const abandoned = await deps.recordings.abandoned(now - ABANDONED_AFTER_MS);
  for (const recording of abandoned) {
    const state = recoverAfterCrash(recording.state, await deps.recordings.lastWrittenAt(recording.id));
    await deps.recordings.save(recording.id, state, now);
    deps.logger.warn({ recordingId: recording.id, roomId: recording.roomId, was: recording.state.name }, 'recording finalised as partial');
  }
  return abandoned.length;
}
