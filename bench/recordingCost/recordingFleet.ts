import path from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from '../../server/logger.js';
import { RtpCapture, type FfmpegExit } from '../../server/recording/rtpCapture.js';

/** What one recording did, once stopped. */
export type RecordingOutcome = {
  index: number;
  directory: string;
  /** Why start() failed; such a recording recorded nothing. */
  startError?: string;
  /** Wall-clock time (Date.now()) its first ffmpeg run began receiving media. */
  startedAt?: number;
  /** When stop() was called: media after this is not part of the recording. */
  stopCalledAt?: number;
  /** How long stop() took (ffmpeg finishing its last segment after 'q'). */
  stopSeconds?: number;
  /** ffmpeg runs: more than one when ffmpeg died and was restarted. */
  runs: number;
  /** ffmpeg exits while recording (each followed by a restart). */
  crashes: FfmpegExit[];
  /** How the last ffmpeg ended on stop(). */
  finalExit?: FfmpegExit;
};

/** M captures started at once, one per person, each in its own directory. */
export type RecordingFleet = {
  /** The pid of each recording's ffmpeg now (undefined for one not recording). */
  ffmpegPids(): Array<number | undefined>;
  /** Stops every capture at once (gracefully: 'q', then SIGTERM after a timeout). */
  stopAll(): Promise<RecordingOutcome[]>;
};

type Entry = { capture: RtpCapture; outcome: RecordingOutcome };

/**
 * Starts one {@link RtpCapture} per person, all at once, as the recordings
 * of M sessions going live together would. A capture that fails to start is
 * reported in its outcome rather than failing the others. `onOpened` gets a
 * closer for each capture as soon as it exists, so that an interrupted run
 * stops them whatever state they are in.
 */
export async function startRecordingFleet(options: {
  router: types.Router;
  people: Array<{ producers: types.Producer[] }>;
  directory: string;
  logger: Logger;
  segmentSeconds: number;
  onOpened: (stop: () => Promise<unknown>) => void;
}): Promise<RecordingFleet> {
  const entries: Entry[] = options.people.map((person, i) => {
    const directory = path.join(options.directory, `recording-${String(i + 1).padStart(3, '0')}`);
    const capture = new RtpCapture({
      router: options.router,
      producers: person.producers,
      directory,
      logger: options.logger.child({ recording: i + 1 }),
      segmentSeconds: options.segmentSeconds,
    });
    const outcome: RecordingOutcome = { index: i + 1, directory, runs: 0, crashes: [] };
    capture.onFfmpegExited((exit) => outcome.crashes.push(exit));
    options.onOpened(() => capture.stop());
    return { capture, outcome };
  });
  await Promise.all(
    entries.map(async ({ capture, outcome }) => {
      try {
        await capture.start();
      } catch (error) {
        outcome.startError = error instanceof Error ? error.message : String(error);
      }
    }),
  );

  return {
    ffmpegPids: () => entries.map(({ capture }) => capture.ffmpegPid),
    async stopAll() {
      await Promise.all(
        entries.map(async ({ capture, outcome }) => {
          if (outcome.startError !== undefined) return;
          outcome.stopCalledAt = Date.now();
          outcome.finalExit = await capture.stop();
          outcome.stopSeconds = (Date.now() - outcome.stopCalledAt) / 1000;
          outcome.runs = capture.runStarts.size;
          outcome.startedAt = Math.min(...capture.runStarts.values());
        }),
      );
      return entries.map(({ outcome }) => outcome);
    },
  };
}
