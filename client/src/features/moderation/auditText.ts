import type { AuditAction, AuditEntry, QuestionAction } from '../../../../shared/conversation.js';

/** An audit entry as a moderator reads it: what was done ("pinned a question by Ada"), and what it was about. */
export interface AuditText {
  words: string;
  detail: string | null;
}

type Describe = (who: string, detail: string | null) => AuditText;

/** Words around the target; the server's detail is shown as it came (it is already plain words). */
const plain =
  (words: (who: string) => string): Describe =>
  (who, detail) => ({ words: words(who), detail });

/**
 * Some details are a code ("pin") or start with one ("shared: …"): the code
 * becomes part of the words, the rest (if any) stays the detail. An unknown
 * code keeps the general words.
 */
const byCode =
  (codes: Record<string, (who: string) => string>, otherwise: (who: string) => string): Describe =>
  (who, detail) => {
    const match = /^([a-z-]+)(?:: ?(.*))?$/su.exec(detail ?? '');
    const words = match ? codes[match[1] ?? ''] : undefined;
    return words && match ? { words: words(who), detail: match[2] || null } : { words: otherwise(who), detail };
  };

const QUESTION_WORDS: Record<QuestionAction, (who: string) => string> = {
  answer: (who) => `marked a question by ${who} as answered`,
  'answer-live': (who) => `marked a question by ${who} as being answered live`,
  dismiss: (who) => `dismissed a question by ${who}`,
  pin: (who) => `pinned a question by ${who}`,
  unpin: (who) => `unpinned a question by ${who}`,
  reopen: (who) => `reopened a question by ${who}`,
};

/** The server says which media it stopped in its detail ("muted microphone", "stopped camera"). */
const MEDIA_WORDS: Record<string, (who: string) => string> = {
  'muted microphone': (who) => `muted the microphone of ${who}`,
  'stopped camera': (who) => `turned off the camera of ${who}`,
  'stopped screen': (who) => `stopped the screen share of ${who}`,
};

const describeMediaStop: Describe = (who, detail) => {
  const words = MEDIA_WORDS[detail ?? ''];
  return words ? { words: words(who), detail: null } : { words: `stopped the media of ${who}`, detail };
};

/** Every action the server records (see `audit.record(` in server/), in words around whom it was done to. */
const ACTION_TEXT: Record<AuditAction, Describe> = {
  'stage.invite': plain((who) => `invited ${who} to the stage`),
  'stage.send-to-audience': plain((who) => `sent ${who} to the audience`),
  'hand.lower': plain((who) => `lowered the hand of ${who}`),
  'media.stop': describeMediaStop,
  'person.remove': plain((who) => `removed ${who}`),
  'person.readmit': plain((who) => `re-admitted ${who}`),
  'invitation.create': plain(() => 'created an invitation link'),
  'invitation.revoke': plain(() => 'revoked an invitation link'),
  'chat.delete': plain((who) => `deleted a chat message by ${who}`),
  'chat.mute': plain((who) => `muted the chat of ${who}`),
  'chat.unmute': plain((who) => `allowed ${who} to chat again`),
  'question.moderate': byCode(QUESTION_WORDS, (who) => `moderated a question by ${who}`),
  'poll.create': plain(() => 'created a poll'),
  'poll.open': plain(() => 'opened a poll'),
  'poll.close': plain(() => 'closed a poll'),
  'poll.share-results': byCode(
    { shared: () => 'shared the results of a poll with everyone', hidden: () => 'hid the results of a poll from the audience' },
    () => 'changed who sees poll results',
  ),
  'room.controls': plain(() => 'changed the room controls'),
  'lobby.admit': plain((who) => `let ${who} in from the lobby`),
  'lobby.refuse': plain((who) => `turned ${who} away from the lobby`),
  'buzz.start': plain(() => 'started buzz groups'),
  'buzz.extend': plain(() => 'gave the buzz groups more time'),
  'buzz.end': plain(() => 'ended all buzz groups'),
  'buzz.cancel': plain(() => 'stopped the countdown to end the buzz groups'),
  'buzz.move': plain((who) => `moved ${who} to another group`),
  'buzz.broadcast': plain(() => 'sent a message to every group'),
};

/**
 * An entry in words, naming its target (or "someone": an anonymous asker, a
 * person since gone).
 */
export function describeAuditEntry(entry: Pick<AuditEntry, 'action' | 'targetName' | 'detail'>): AuditText {
  const describe = ACTION_TEXT[entry.action] as Describe | undefined;
  // A newer server may record actions this client does not know yet: still words, not a code.
  if (!describe) return { words: `took a moderation action (${entry.action.replace(/[.-]/g, ' ')})`, detail: entry.detail };
  return describe(entry.targetName ?? 'someone', entry.detail);
}
