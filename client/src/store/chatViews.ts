/**
 * Which messages a person sees together, and which of them are unread:
 * pure functions over the store's one list of chat messages.
 *
 * Everyone has the room chat and a private line to the moderators. A
 * moderator sees every person's line as its own thread, plus the
 * moderators-only conversation (messages without a thread).
 */
import { isNewer } from '../../../shared/changeSequence.js';
import type { ChatChannel, ChatMessage } from '../../../shared/conversation.js';

export type ChatView =
  /** Everyone in the room. */
  | { kind: 'room' }
  /** A participant's own line to the moderators; for moderators, the moderators-only conversation. */
  | { kind: 'moderators' }
  /** Moderators: one person's line to the moderators (`userId` is the thread's id). */
  | { kind: 'thread'; userId: string };

/** A stable name for a view: keys read positions and "has older messages" flags. */
export type ChatViewKey = 'room' | 'moderators' | `thread:${string}`;

export const ROOM_VIEW: ChatView = { kind: 'room' };

export function viewKey(view: ChatView): ChatViewKey {
  return view.kind === 'thread' ? `thread:${view.userId}` : view.kind;
}

/** The view a message belongs to, for this person. */
export function viewKeyOfMessage(message: ChatMessage, isModerator: boolean): ChatViewKey {
  if (message.channel === 'room') return 'room';
  // Everyone but moderators only ever receives their own thread.
  return isModerator && message.threadId !== null ? `thread:${message.threadId}` : 'moderators';
}

export function messagesInView(messages: readonly ChatMessage[], view: ChatView, isModerator: boolean): ChatMessage[] {
  const key = viewKey(view);
  return messages.filter((message) => viewKeyOfMessage(message, isModerator) === key);
}

/** Where to send (or ask history of) a view: the request fields naming it. */
export function channelOf(view: ChatView): { channel: ChatChannel; threadId?: string } {
  switch (view.kind) {
    case 'room':
      return { channel: 'room' };
    case 'moderators':
      return { channel: 'moderators' };
    case 'thread':
      return { channel: 'moderators', threadId: view.userId };
  }
}

/**
 * How far a person has read, per view. Views never opened count from
 * `baseline`: what was already there when they first came in is not news.
 */
export interface ChatReadState {
  baseline: number;
  views: Partial<Record<ChatViewKey, number>>;
}

export const lastReadSeq = (read: ChatReadState, key: ChatViewKey): number => read.views[key] ?? read.baseline;

/** Messages by others, not deleted, after the read position of their view. */
export function isUnread(message: ChatMessage, read: ChatReadState, selfUserId: string | null, isModerator: boolean): boolean {
  return (
    message.author.userId !== selfUserId &&
    message.deletedBy === null &&
    message.seq > lastReadSeq(read, viewKeyOfMessage(message, isModerator))
  );
}

export function unreadCount(
  messages: readonly ChatMessage[],
  read: ChatReadState,
  selfUserId: string | null,
  isModerator: boolean,
  inView?: ChatViewKey,
): number {
  let count = 0;
  for (const message of messages) {
    if (inView !== undefined && viewKeyOfMessage(message, isModerator) !== inView) continue;
    if (isUnread(message, read, selfUserId, isModerator)) count += 1;
  }
  return count;
}

/** One person's line to the moderators, as a moderator lists them. */
export interface ModeratorThread {
  userId: string;
  displayName: string;
  lastSeq: number;
}

/**
 * The threads a moderator can answer, most recently active first. A thread is
 * named after its owner: the author of its messages whose userId is the
 * thread's, or `nameOf` (people in the room) when only moderators wrote in it.
 */
export function moderatorThreads(messages: readonly ChatMessage[], nameOf: (userId: string) => string | null): ModeratorThread[] {
  const threads = new Map<string, ModeratorThread>();
  for (const message of messages) {
    if (message.channel !== 'moderators' || message.threadId === null) continue;
    const thread = threads.get(message.threadId) ?? { userId: message.threadId, displayName: '', lastSeq: 0 };
    thread.lastSeq = Math.max(thread.lastSeq, message.seq);
    if (message.author.userId === message.threadId) thread.displayName = message.author.displayName;
    threads.set(message.threadId, thread);
  }
  return [...threads.values()]
    .map((thread) => ({ ...thread, displayName: thread.displayName || nameOf(thread.userId) || 'Someone who left' }))
    .sort((a, b) => b.lastSeq - a.lastSeq);
}

/**
 * Adds messages, or replaces held ones (by id) with a later state of them
 * (by change number: a broadcast, an answer and a catch-up may bring the
 * same message twice, or an edit before the message's older state),
 * keeping the list ordered by seq. The same list when nothing changed.
 */
export function mergeMessages(existing: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map(existing.map((message) => [message.messageId, message]));
  let hasChanged = false;
  for (const message of incoming) {
    if (!isNewer(message.changeSeq, byId.get(message.messageId)?.changeSeq)) continue;
    byId.set(message.messageId, message);
    hasChanged = true;
  }
  return hasChanged ? [...byId.values()].sort((a, b) => a.seq - b.seq) : (existing as ChatMessage[]);
}

/** Whether a view has older messages to load; a thread not paged yet follows the whole moderators channel. */
export function hasOlderMessages(hasMore: Partial<Record<ChatViewKey, boolean>>, key: ChatViewKey): boolean {
  return hasMore[key] ?? (key.startsWith('thread:') ? hasMore.moderators : undefined) ?? false;
}
