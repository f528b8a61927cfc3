import type { ChatMessage } from '../../../../shared/conversation.js';
import { moderatorNamed } from '../../realtime/noticeText.js';
import { isUnread, viewKeyOfMessage, type ChatReadState, type ChatView, type ChatViewKey } from '../../store/chatViews.js';

/** A notice about private messages, and the conversation it opens. */
export interface PrivateMessageNotice {
  text: string;
  view: ChatView;
}

interface Reader {
  selfUserId: string | null;
  isModerator: boolean;
  read: ChatReadState;
  /** The conversation on screen now (null: the chat is closed or the page hidden). */
  visibleView: ChatViewKey | null;
}

/**
 * Of newly arrived messages, the private ones a person must not miss: for
 * moderators, a person writing to them (and a moderator writing in the
 * moderators-only conversation); for everyone else, the moderators' answers.
 * One notice per conversation, naming its latest author; none for what is
 * read, deleted, one's own, or already on screen. Moderators answering in a
 * thread do not notify the other moderators: the thread's unread count shows it.
 */
export function privateMessageNotices(incoming: readonly ChatMessage[], reader: Reader): PrivateMessageNotice[] {
  const byView = new Map<ChatViewKey, PrivateMessageNotice>();
  for (const message of incoming) {
    if (message.channel !== 'moderators' || !isUnread(message, reader.read, reader.selfUserId, reader.isModerator)) continue;
    const key = viewKeyOfMessage(message, reader.isModerator);
    if (key === reader.visibleView) continue;
    const notice = reader.isModerator ? forModerator(message) : forParticipant(message);
    if (notice) byView.set(key, notice);
  }
  return [...byView.values()];
}

function forModerator(message: ChatMessage): PrivateMessageNotice | null {
  const name = message.author.displayName;
  if (message.threadId === null) return { text: `${name} wrote to the moderators only.`, view: { kind: 'moderators' } };
  if (message.author.userId !== message.threadId) return null;
  return { text: `${name} sent the moderators a private message.`, view: { kind: 'thread', userId: message.threadId } };
}

function forParticipant(message: ChatMessage): PrivateMessageNotice {
  return { text: `${moderatorNamed(message.author.displayName)} answered you privately.`, view: { kind: 'moderators' } };
}
