import type { AuditAction, AuditEntry } from '../../../../shared/conversation.js';

type Words = (target: string) => string;

/** What each recorded action was, in words, around whom it was done to ("let Ada in from the lobby"). */
const ACTION_WORDS: Record<AuditAction, Words> = {
  'stage.invite': (who) => `invited ${who} to the stage`,
  'stage.send-to-audience': (who) => `sent ${who} to the audience`,
  'hand.lower': (who) => `lowered the hand of ${who}`,
  'media.stop': (who) => `stopped the media of ${who}`,
  'person.remove': (who) => `removed ${who}`,
  'person.readmit': (who) => `re-admitted ${who}`,
  'invitation.create': () => 'created an invitation link',
  'chat.delete': (who) => `deleted a chat message by ${who}`,
  'chat.mute': (who) => `muted the chat of ${who}`,
  'chat.unmute': (who) => `allowed ${who} to chat again`,
  'question.moderate': (who) => `moderated a question by ${who}`,
  'poll.create': () => 'created a poll',
  'poll.open': () => 'opened a poll',
  'poll.close': () => 'closed a poll',
  'poll.share-results': () => 'changed who sees poll results',
  'room.controls': () => 'changed the room controls',
  'lobby.admit': (who) => `let ${who} in from the lobby`,
  'lobby.refuse': (who) => `turned ${who} away from the lobby`,
  'buzz.start': () => 'started buzz groups',
  'buzz.extend': () => 'gave the buzz groups more time',
  'buzz.end': () => 'ended all buzz groups',
  'buzz.cancel': () => 'stopped the countdown to end the buzz groups',
  'buzz.move': (who) => `moved ${who} to another group`,
  'buzz.broadcast': () => 'sent a message to every group',
};

/** The action of an entry in words, naming its target (or "someone": an anonymous asker, a person since gone). */
export function describeAuditAction(entry: Pick<AuditEntry, 'action' | 'targetName'>): string {
  const words = ACTION_WORDS[entry.action] as Words | undefined;
  // A newer server may record actions this client does not know yet.
  if (!words) return entry.action;
  return words(entry.targetName ?? 'someone');
}
