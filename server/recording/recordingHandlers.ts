import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RecordingService } from './recordingService.js';

export interface RecordingHandlerDeps {
  recording: RecordingService;
}

/** Recording's events: thin; the rules are in RecordingService and RoomRecorder. */
export function registerRecordingHandlers(on: RegisterHandler, deps: RecordingHandlerDeps): void {
  const { recording } = deps;
  on('recording:start', ({ session }) => recording.start(session.requireMembership()));
  on('recording:stop', async ({ session }) => {
    await recording.stop(session.requireMembership());
    return {};
  });
  on('recording:opt-out', async ({ session }, { optedOut }) => ({ recording: await recording.optOut(session.requireMembership(), optedOut) }));
  on('recording:mark-chapter', ({ session }, { title }) => recording.markChapter(session.requireMembership(), title));
}
