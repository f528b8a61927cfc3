import { CHAT_PAGE_SIZE, type ConversationSnapshot, type RoomControls } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import { viewPage, type ChatRepository } from '../db/chatRepository.js';
import type { PollRepository } from '../db/pollRepository.js';
import { viewPoll } from '../db/pollRepository.js';
import { viewQuestion, type QuestionRepository } from '../db/questionRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import { isVisibleToAudience } from '../questions/questionMachine.js';
import type { JoinCache } from '../rooms/joinCache.js';

export interface SnapshotDeps {
  chat: ChatRepository;
  questions: QuestionRepository;
  polls: PollRepository;
  controls: RoomControlRepository;
  /** What everyone joining reads (the latest chat, questions, polls, mutes), read once per change. */
  joinCache: JoinCache;
}

/**
 * The conversation as one person sees it on joining. Read from the
 * database (through the join cache, which every process keeps true to it),
 * never from a process's own state, so a client that reconnects to another
 * process sees the same history, votes and polls. What everyone shares
 * costs no query while it does not change; what is the caller's own costs
 * at most three (their thread with the moderators if it holds messages,
 * their upvotes if there are questions, their votes if there are polls),
 * whatever the number of people or messages.
 */
export async function conversationSnapshot(
  deps: SnapshotDeps,
  roomId: RoomId,
  viewer: { userId: string; role: Role },
  controls: RoomControls,
): Promise<ConversationSnapshot> {
  const isModerator = viewer.role === 'moderator';
  const { joinCache } = deps;
  const [chat, questions, polls, chatMutes, hasThread] = await Promise.all([
    joinCache.chatPage(roomId),
    joinCache.questions(roomId),
    joinCache.polls(roomId),
    joinCache.chatMutes(roomId),
    isModerator || joinCache.hasThread(roomId, viewer.userId),
  ]);
  // The caller's own, looked for only where there is something to find.
  const [moderatorsChat, upvoted, pollVotes, lobby] = await Promise.all([
    hasThread
      ? deps.chat.page(roomId, { channel: 'moderators', ...(isModerator ? {} : { threadId: viewer.userId }), limit: CHAT_PAGE_SIZE })
      : { messages: [], hasMore: false },
    questions.length > 0 ? deps.questions.upvotedBy(roomId, viewer.userId) : [],
    polls.length > 0 ? deps.polls.choicesOf(roomId, viewer.userId) : {},
    isModerator ? deps.controls.waiting(roomId) : [],
  ]);
  return {
    selfUserId: viewer.userId,
    chat: viewPage(chat, viewer),
    moderatorsChat: viewPage(moderatorsChat, viewer),
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
    controls,
    isChatMuted: chatMutes.some((mute) => mute.userId === viewer.userId),
    lobby,
    chatMutes: isModerator ? chatMutes : [],
  };
}
