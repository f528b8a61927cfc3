/** What people read when something happens to them in the room (announced in the notices region). */
import type { ModerationAction } from '../../../shared/events.js';

export function moderationNotice(payload: ModerationAction & { by: string }): string {
  switch (payload.action) {
    case 'muted':
      return `${payload.by} muted your microphone. You can unmute it when you are ready to speak.`;
    case 'stopped':
      return payload.source === 'camera' ? `${payload.by} turned off your camera.` : `${payload.by} stopped your screen share.`;
    case 'sent-to-audience':
      return `${payload.by} moved you to the audience. Raise your hand to ask to speak again.`;
  }
}

export function stageDeclinedNotice(displayName: string): string {
  return `${displayName} declined the invitation to the stage.`;
}
