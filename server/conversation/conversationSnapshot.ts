import {
  CHAT_PAGE_SIZE,
  type ConversationSnapshot,
  type Question,
  type RemovedQuestion,
  type RoomControls,
} from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import { viewPage, type ChatRepository } from '../db/chatRepository.js';
import type { PollRepository, StoredPoll } from '../db/pollRepository.js';
import { viewPoll } from '../db/pollRepository.js';
import { viewQuestion, type QuestionRepository, type StoredQuestion } from '../db/questionRepository.js';
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
  const [{ head, chat, questions, polls }, chatMutes, hasThread] = await Promise.all([
    joinCache.conversation(roomId),
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
    head,
    chat: viewPage(chat, viewer),
    moderatorsChat: viewPage(moderatorsChat, viewer),
    questions: questions.flatMap((question) => {
      const seen = questionAsSeenBy(question, viewer);
      return 'removed' in seen ? [] : [seen.question];
    }),
    upvoted,
    polls: polls.filter((poll) => seesPoll(poll, viewer)).map((poll) => viewPoll(poll, isModerator)),
    pollVotes,
    controls,
    isChatMuted: chatMutes.some((mute) => mute.userId === viewer.userId),
    lobby,
    chatMutes: isModerator ? chatMutes : [],
  };
}

/**
 * A question as one viewer sees it now: the question itself, or that it
 * left their view (withdrawn; dismissed, for the audience).
 */
export function questionAsSeenBy(
  question: StoredQuestion,
  viewer: { userId: string; role: Role },
): { question: Question } | { removed: RemovedQuestion } {
  const seesAll = viewer.role === 'moderator' || question.author.userId === viewer.userId;
  if (question.status === 'withdrawn' || (!seesAll && !isVisibleToAudience(question.status))) {
    return { removed: { questionId: question.questionId, changeSeq: question.changeSeq } };
  }
  return { question: viewQuestion(question, seesAll) };
}

/** Drafts are for the moderators only. */
export function seesPoll(poll: StoredPoll, viewer: { role: Role }): boolean {
  return viewer.role === 'moderator' || poll.state !== 'draft';
}
