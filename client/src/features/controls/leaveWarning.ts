import type { Role } from '../../../../shared/events.js';

/** Why leaving deserves a second thought; null when it does not (a participant, a speaker). */
export type LeaveWarning = 'moderating' | 'moderating-recording';

/**
 * Leaving is asked about only when others rely on the person: a moderator
 * answers hands, the lobby and private messages, and runs the recording
 * (which goes on without them). Everyone else leaves at once.
 */
export function leaveWarning({ role, isRecording }: { role: Role; isRecording: boolean }): LeaveWarning | null {
  if (role !== 'moderator') return null;
  return isRecording ? 'moderating-recording' : 'moderating';
}
