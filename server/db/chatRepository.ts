import type { ChatChannel, ChatMessage, ChatPage, IdentifiedAuthor } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import { seesAuthorId } from '../../shared/roster.js';
import { asMessageId, type MessageId } from '../../shared/ids.js';
import type { PrismaClient } from './generated/client.js';

export interface PostInput {
  roomId: string;
  channel: ChatChannel;
  threadId: string | null;
  author: IdentifiedAuthor;
  body: string;
  /** The client's id for this sending; a message already posted with it (same room and author) is answered instead. */
  requestId?: string | undefined;
}

/** A message as stored: always with its author's id (views leave it out for most readers). */
export type StoredMessage = Omit<ChatMessage, 'author'> & { author: IdentifiedAuthor };

/** A page of stored messages, newest last. */
export interface StoredPage {
  messages: StoredMessage[];
  hasMore: boolean;
}

/**
 * Which messages a page holds: one channel; in the moderators channel
 * optionally one thread (`null` is the moderators' own thread; undefined: all).
 */
export interface PageQuery {
  channel: ChatChannel;
  threadId?: string | null;
  before?: number | undefined;
  limit: number;
}

/** Someone reading messages. */
export interface Reader {
  userId: string;
  role: Role;
}

/** The message as everyone but the moderators and its author reads it: its author by name and role only. */
export function withoutAuthorId(message: StoredMessage): ChatMessage {
  const { displayName, role } = message.author;
  return { ...message, author: { displayName, role } };
}

/** The message as `reader` reads it (shared/roster.ts: seesAuthorId). */
export function viewMessage(message: StoredMessage, reader: Reader): ChatMessage {
  return seesAuthorId(reader, message.author.userId) ? message : withoutAuthorId(message);
}

/** A page as `reader` reads it. */
export function viewPage(page: StoredPage, reader: Reader): ChatPage {
  return { messages: page.messages.map((message) => viewMessage(message, reader)), hasMore: page.hasMore };
}

/** Chat messages, persisted: a room's history survives reconnects and restarts. */
export interface ChatRepository {
  /**
   * Stores a new message, or, when the author already posted one in this
   * room with the same `requestId` (a retry), finds that one: the database's
   * unique index decides, so a first attempt that committed after its
   * request had given up is found too.
   */
  post(input: PostInput): Promise<StoredMessage>;
  page(roomId: string, query: PageQuery): Promise<StoredPage>;
  /**
   * The room's messages whose latest change is numbered after `since`, in
   * change order, at most `limit` (both channels: the caller filters).
   */
  changedSince(roomId: string, since: number, limit: number): Promise<StoredMessage[]>;
  /** Whose threads with the moderators hold messages (so a join need not look in everyone's). */
  threadOwners(roomId: string): Promise<ReadonlySet<string>>;
  /** The message if it belongs to this room (an id from another room finds nothing). */
  find(roomId: string, messageId: MessageId): Promise<StoredMessage | null>;
  edit(messageId: MessageId, body: string): Promise<StoredMessage>;
  /** Blanks the text and records who deleted it; the row stays so history keeps its order. */
  remove(messageId: MessageId, by: 'author' | 'moderator'): Promise<StoredMessage>;
}

interface MessageRow {
  id: string;
  seq: number;
  channel: string;
  threadId: string | null;
  authorId: string;
  authorName: string;
  authorRole: string;
  body: string;
  sentAt: Date;
  editedAt: Date | null;
  deletedBy: string | null;
  changeSeq: number;
}

const toMessage = (row: MessageRow): StoredMessage => ({
  messageId: asMessageId(row.id),
  channel: row.channel as ChatChannel,
  threadId: row.threadId,
  seq: row.seq,
  changeSeq: row.changeSeq,
  author: { userId: row.authorId, displayName: row.authorName, role: row.authorRole as Role },
  body: row.body,
  sentAt: row.sentAt.toISOString(),
  editedAt: row.editedAt?.toISOString() ?? null,
  deletedBy: row.deletedBy as ChatMessage['deletedBy'],
});

export function createChatRepository(prisma: PrismaClient): ChatRepository {
  return {
    post: async ({ roomId, channel, threadId, author, body, requestId = null }) => {
      // A retry whose first attempt is written is found without trying to insert: even a skipped
      // insert would take a change number (the trigger runs first), a hole every client would ask about.
      const repeated = requestId !== null ? await prisma.chatMessage.findFirst({ where: { roomId, authorId: author.userId, requestId } }) : null;
      if (repeated) return toMessage(repeated);
      // ON CONFLICT DO NOTHING: a retry racing its first attempt inserts nothing (and fails nothing) and reads the row it repeats.
      const [created] = await prisma.chatMessage.createManyAndReturn({
        data: [
          {
            roomId,
            channel,
            threadId,
            authorId: author.userId,
            authorName: author.displayName,
            authorRole: author.role,
            body,
            requestId,
          },
        ],
        skipDuplicates: true,
      });
      if (created) return toMessage(created);
      const stored = await prisma.chatMessage.findFirst({ where: { roomId, authorId: author.userId, requestId } });
      // Only the unique index skips a row, and only a room's deletion removes one.
      if (!stored) throw new Error('a message skipped as a retry is not in the database');
      return toMessage(stored);
    },

    page: async (roomId, { channel, threadId, before, limit }) => {
      const rows = await prisma.chatMessage.findMany({
        where: {
          roomId,
          channel,
          ...(threadId !== undefined ? { threadId } : {}),
          ...(before !== undefined ? { seq: { lt: before } } : {}),
        },
        orderBy: { seq: 'desc' },
        take: limit + 1,
      });
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore: rows.length > limit };
    },

    changedSince: async (roomId, since, limit) =>
      (
        await prisma.chatMessage.findMany({
          where: { roomId, changeSeq: { gt: since } },
          orderBy: { changeSeq: 'asc' },
          take: limit,
        })
      ).map(toMessage),

    threadOwners: async (roomId) => {
      const rows = await prisma.chatMessage.findMany({
        where: { roomId, channel: 'moderators', threadId: { not: null } },
        distinct: ['threadId'],
        select: { threadId: true },
      });
      return new Set(rows.flatMap((row) => (row.threadId ? [row.threadId] : [])));
    },

    find: async (roomId, messageId) => {
      const row = await prisma.chatMessage.findFirst({ where: { id: messageId, roomId } });
      return row ? toMessage(row) : null;
    },

    edit: async (messageId, body) =>
      toMessage(await prisma.chatMessage.update({ where: { id: messageId }, data: { body, editedAt: new Date() } })),

    remove: async (messageId, by) =>
      toMessage(
        await prisma.chatMessage.update({
          where: { id: messageId },
          data: { body: '', deletedAt: new Date(), deletedBy: by },
        }),
      ),
  };
}
