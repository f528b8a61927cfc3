/** What people read when something happens to them in the room (announced in the notices region). */
import type { ModerationAction } from '../../../shared/events.js';

/**
 * Who did it, with their role as the badge beside a name shows it: only
 * moderators moderate and record, and a notice is plain text.
 */
export function moderatorNamed(name: string): string {
  return `Moderator ${name}`;
}

export function moderationNotice(payload: ModerationAction & { by: string }): string {
  const by = moderatorNamed(payload.by);
  switch (payload.action) {
    case 'muted':
      return `${by} muted your microphone. You can unmute it when you are ready to speak.`;
    case 'stopped':
      return payload.source === 'camera' ? `${by} turned off your camera.` : `${by} stopped your screen share.`;
    case 'sent-to-audience':
      return `${by} moved you to the audience. Raise your hand to ask to speak again.`;
  }
}

export function stageDeclinedNotice(displayName: string): string {
  return `${displayName} declined the invitation to the stage.`;
}

export function chatMutedNotice({ isMuted, by }: { isMuted: boolean; by: string }): string {
  return isMuted
    ? `${moderatorNamed(by)} turned off your chat. You cannot write in the room chat or ask questions for now; you can still message the moderators.`
    : `${moderatorNamed(by)} allowed you to chat again.`;
}

export function pollOpenedNotice(question: string): string {
  return `A poll opened: ${question}`;
}

export function audienceChatNotice(isEnabled: boolean): string {
  return isEnabled ? 'The moderators turned the audience chat back on.' : 'The moderators turned off the audience chat.';
}

export function lobbyWaitingNotice(names: string[]): string {
  if (names.length === 1) return `${names[0]} is waiting in the lobby.`;
  return `${names.length} people are waiting in the lobby.`;
}

export function buzzOutputsNotice(groupCount: number): string {
  return `The groups have ended. Their notes (${groupCount} ${groupCount === 1 ? 'group' : 'groups'}) are in the Groups panel.`;
}

/** Said to everyone when a recording starts or ends (the indicator stays while it runs). */
export function recordingNotice(isRecording: boolean, by: string | null): string {
  if (isRecording) {
    return `${by ? `${moderatorNamed(by)} started recording` : 'This session is now being recorded'}. You can ask not to be recorded with "Don't record me".`;
  }
  return by ? `${moderatorNamed(by)} stopped the recording.` : 'The recording has stopped.';
}
