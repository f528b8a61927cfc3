import { AppError } from '../../shared/errors.js';
import type { ChatChannel, RoomControls } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';

/** The writer, as the chat rules see them. */
export interface Writer {
  userId: string;
  role: Role;
  /** A moderator muted this person's chat in the room. */
  isChatMuted: boolean;
}

/**
 * Where a new message goes, or why it may not be written. The room chat is
 * closed to a muted person, and to participants when moderators turned the
 * audience's chat off. The moderators channel stays open to everyone (it is
 * how a muted person appeals); a person writes in their own thread there,
 * while a moderator answers in the thread they name, or writes to the other
 * moderators only (no thread).
 */
export function routeMessage(
  writer: Writer,
  controls: RoomControls,
  request: { channel: ChatChannel; threadId?: string | undefined },
): { channel: ChatChannel; threadId: string | null } {
  if (request.channel === 'room') {
    if (request.threadId !== undefined) throw new AppError('INVALID_PAYLOAD', 'the room chat has no threads');
    if (writer.isChatMuted) throw new AppError('FORBIDDEN', 'a moderator muted your chat');
    if (!controls.isAudienceChatEnabled && writer.role === 'participant') {
      throw new AppError('FORBIDDEN', 'the moderators turned the audience chat off');
    }
    return { channel: 'room', threadId: null };
  }
  if (writer.role === 'moderator') {
    // Without a thread, moderators talk among themselves (thread null).
    return { channel: 'moderators', threadId: request.threadId ?? null };
  }
  if (request.threadId !== undefined && request.threadId !== writer.userId) {
    throw new AppError('FORBIDDEN', 'you can only write in your own thread with the moderators');
  }
  return { channel: 'moderators', threadId: writer.userId };
}

/** Asking questions follows the room chat's mute (not the audience switch: Q&A stays open). */
export function assertMayAsk(writer: Writer): void {
  if (writer.isChatMuted) throw new AppError('FORBIDDEN', 'a moderator muted your chat');
}

/** A message as the edit and delete rules see it. */
export interface WrittenMessage {
  authorId: string;
  isDeleted: boolean;
}

/** Only the author edits, and only what is not deleted. */
export function assertMayEdit(writer: Pick<Writer, 'userId'>, message: WrittenMessage): void {
  if (message.authorId !== writer.userId) throw new AppError('FORBIDDEN', 'you can only edit your own messages');
  if (message.isDeleted) throw new AppError('CONFLICT', 'this message was deleted');
}

/** The author deletes their own message; a moderator deletes anyone's. Returns who deleted it. */
export function deletionBy(writer: Pick<Writer, 'userId' | 'role'>, message: WrittenMessage): 'author' | 'moderator' {
  if (message.isDeleted) throw new AppError('CONFLICT', 'this message was already deleted');
  if (message.authorId === writer.userId) return 'author';
  if (writer.role === 'moderator') return 'moderator';
  throw new AppError('FORBIDDEN', "you cannot delete someone else's message");
}

/**
 * Who may read a moderators-channel message: every moderator, and the person
 * whose thread it is.
 */
export const mayReadThread = (reader: Pick<Writer, 'userId' | 'role'>, threadId: string | null): boolean =>
  reader.role === 'moderator' || threadId === reader.userId;
