import { AppError } from '../../shared/errors.js';
import { CHAT_PAGE_SIZE, type ChatMessage } from '../../shared/conversation.js';
import { viewPage, withoutAuthorId, type ChatRepository, type PageQuery, type StoredMessage } from '../db/chatRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import type { RoomRepository } from '../db/roomRepository.js';
import type { AuditLog } from '../moderation/auditLog.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { SocketSession } from '../realtime/session.js';
import type { RoomId } from '../../shared/ids.js';
import { deletionBy, assertMayEdit, mayReadThread, routeMessage, type Writer } from './chatPolicy.js';

export interface ChatDeps {
  chat: ChatRepository;
  controls: RoomControlRepository;
  rooms: RoomRepository;
  audit: AuditLog;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/** The caller as the chat rules see them, with their room's current controls. */
export async function writerOf(session: SocketSession, controls: RoomControlRepository) {
  const membership = session.requireMembership();
  const { userId } = session.identity;
  const rights = await controls.writingRights(membership.room.id, userId);
  if (!rights) throw new AppError('NOT_FOUND', 'no such room');
  const writer: Writer = { userId, role: session.actor().role, isChatMuted: rights.isChatMuted };
  return { membership, writer, controls: rights.controls };
}

/**
 * Sends a message (new or changed) to exactly the people who may read it:
 * with its author's id to the moderators and the author, without it to
 * everyone else (shared/roster.ts: seesAuthorId). One message per kind of
 * reader, however many read it. Those who may not read it hear its change
 * number alone, so nobody's sequence has a hole.
 */
function deliver(broadcast: RoomBroadcast, event: 'chat:posted' | 'chat:changed', message: StoredMessage): void {
  const authorId = message.author.userId;
  if (message.channel === 'room') {
    broadcast.toModeratorsAnd(authorId, event, message);
    broadcast.toAudienceExcept(authorId, event, withoutAuthorId(message));
    return;
  }
  if (message.threadId === null || message.threadId === authorId) {
    broadcast.toModeratorsAnd(message.threadId, event, message);
  } else {
    // A moderator answering someone: the person reads the answer by the moderator's name.
    broadcast.toModerators(event, message);
    broadcast.toPerson(message.threadId, event, withoutAuthorId(message));
  }
  // Everyone else hears only that the room's conversation moved on (shared/changeSequence.ts).
  broadcast.toAudienceExcept(message.threadId, 'room:advanced', { changeSeq: message.changeSeq });
}

export function registerChatHandlers(on: RegisterHandler, deps: ChatDeps): void {
  /** A message of the caller's room that the caller may read; anything else is NOT_FOUND. */
  const readableMessage = async (session: SocketSession, messageId: ChatMessage['messageId']) => {
    const { room } = session.requireMembership();
    const message = await deps.chat.find(room.id, messageId);
    const reader = { userId: session.identity.userId, role: session.actor().role };
    if (!message || (message.channel === 'moderators' && !mayReadThread(reader, message.threadId))) {
      throw new AppError('NOT_FOUND', 'no such message in this room');
    }
    return message;
  };

  on('chat:send', async ({ session }, request) => {
    const { membership, writer, controls } = await writerOf(session, deps.controls);
    const { room, peer } = membership;
    const route = routeMessage(writer, controls, request);
    if (route.threadId !== null && route.threadId !== writer.userId) {
      // A moderator answering: the thread must be someone who has been here.
      const person = await deps.rooms.knownPerson(room.id, route.threadId);
      if (!person || person.role === 'moderator') throw new AppError('NOT_FOUND', 'nobody with that id in this room');
    }
    // A retry (same requestId) gets the message already posted, delivered again: its first
    // delivery may never have happened, and clients replace a message they hold by its id.
    const message = await deps.chat.post({
      roomId: room.id,
      ...route,
      author: { userId: writer.userId, displayName: peer.identity.displayName, role: writer.role },
      body: request.body,
      requestId: request.requestId,
    });
    deliver(deps.broadcastTo(room.id), 'chat:posted', message);
    return message;
  });

  on('chat:history', async ({ session }, { channel, threadId, before, limit = CHAT_PAGE_SIZE }) => {
    const { room } = session.requireMembership();
    const reader = { userId: session.identity.userId, role: session.actor().role };
    const read = async (query: PageQuery) => viewPage(await deps.chat.page(room.id, query), reader);
    if (channel === 'room') {
      if (threadId !== undefined) throw new AppError('INVALID_PAYLOAD', 'the room chat has no threads');
      return read({ channel, before, limit });
    }
    if (reader.role !== 'moderator') {
      if (threadId !== undefined && threadId !== reader.userId) {
        throw new AppError('NOT_FOUND', 'no such thread');
      }
      return read({ channel, threadId: reader.userId, before, limit });
    }
    return read({ channel, ...(threadId !== undefined ? { threadId } : {}), before, limit });
  });

  on('chat:edit', async ({ session }, { messageId, body }) => {
    const message = await readableMessage(session, messageId);
    assertMayEdit(session.identity, { authorId: message.author.userId, isDeleted: message.deletedBy !== null });
    const edited = await deps.chat.edit(messageId, body);
    deliver(deps.broadcastTo(session.requireMembership().room.id), 'chat:changed', edited);
    return edited;
  });

  on('chat:delete', async ({ session }, { messageId }) => {
    const membership = session.requireMembership();
    const message = await readableMessage(session, messageId);
    const by = deletionBy(
      { userId: session.identity.userId, role: session.actor().role },
      { authorId: message.author.userId, isDeleted: message.deletedBy !== null },
    );
    const deleted = await deps.chat.remove(messageId, by);
    deliver(deps.broadcastTo(membership.room.id), 'chat:changed', deleted);
    if (by === 'moderator') {
      // No excerpt: a deleted message's words are kept nowhere, the audit log included.
      await deps.audit.record(membership, 'chat.delete', message.author);
    }
    return {};
  });

  on('chat:mute-person', async ({ session }, { userId, muted }) => {
    const membership = session.requireMembership();
    const { room, peer } = membership;
    const person = await deps.rooms.knownPerson(room.id, userId);
    if (!person) throw new AppError('NOT_FOUND', 'nobody with that id in this room');
    if (person.role === 'moderator') throw new AppError('FORBIDDEN', 'moderators cannot mute moderators');
    const changed = await deps.controls.setChatMuted(room.id, person, muted, peer.identity.displayName);
    if (!changed) return {};
    const broadcast = deps.broadcastTo(room.id);
    broadcast.toPerson(userId, 'chat:muted-changed', { isMuted: muted, by: peer.identity.displayName });
    broadcast.toModerators('moderation:chat-mutes-changed', { mutes: await deps.controls.chatMutes(room.id) });
    await deps.audit.record(membership, muted ? 'chat.mute' : 'chat.unmute', person);
    return {};
  });
}
