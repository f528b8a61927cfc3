import { CHAT_PAGE_SIZE, type ConversationSnapshot } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type { ChatRepository } from '../db/chatRepository.js';
import type { PollRepository } from '../db/pollRepository.js';
import { viewPoll } from '../db/pollRepository.js';
import { viewQuestion, type QuestionRepository } from '../db/questionRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import { isVisibleToAudience } from '../questions/questionMachine.js';

export interface SnapshotDeps {
  chat: ChatRepository;
  questions: QuestionRepository;
  polls: PollRepository;
  controls: RoomControlRepository;
}

/**
 * The conversation as one person sees it on joining. Read from the
 * database, never from a process's memory, so a client that reconnects to
 * another process sees the same history, votes and polls.
 */
export async function conversationSnapshot(
  deps: SnapshotDeps,
  roomId: RoomId,
  viewer: { userId: string; role: Role },
): Promise<ConversationSnapshot> {
  const isModerator = viewer.role === 'moderator';
  const [chat, moderatorsChat, questions, upvoted, polls, pollVotes, rights, lobby, chatMutes] = await Promise.all([
    deps.chat.page(roomId, { channel: 'room', limit: CHAT_PAGE_SIZE }),
    deps.chat.page(roomId, {
      channel: 'moderators',
      ...(isModerator ? {} : { threadId: viewer.userId }),
      limit: CHAT_PAGE_SIZE,
    }),
    deps.questions.list(roomId),
    deps.questions.upvotedBy(roomId, viewer.userId),
    deps.polls.list(roomId),
    deps.polls.choicesOf(roomId, viewer.userId),
    deps.controls.writingRights(roomId, viewer.userId),
    isModerator ? deps.controls.waiting(roomId) : Promise.resolve([]),
    isModerator ? deps.controls.chatMutes(roomId) : Promise.resolve([]),
  ]);
  return {
    selfUserId: viewer.userId,
    chat,
    moderatorsChat,
    questions: questions
      .filter((question) => {
        if (question.status === 'withdrawn') return false;
        const seesAll = isModerator || question.author.userId === viewer.userId;
        return seesAll || isVisibleToAudience(question.status);
      })
      .map((question) => viewQuestion(question, isModerator || question.author.userId === viewer.userId)),
    upvoted,
    polls: polls.filter((poll) => isModerator || poll.state !== 'draft').map((poll) => viewPoll(poll, isModerator)),
    pollVotes,
    controls: rights?.controls ?? { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false },
    isChatMuted: rights?.isChatMuted ?? false,
    lobby,
    chatMutes,
  };
}
