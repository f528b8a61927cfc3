/** Chat messages, questions, polls and snapshots for store and event tests, with the fields a test does not care about filled in. */
import type { ChatMessage, ConversationSnapshot, Poll, Question } from '../../../shared/conversation.js';
import type { MessageId, PollId, QuestionId } from '../../../shared/ids.js';
import { userId } from './testPeople.js';

export const messageId = (n: number) => `50000000-0000-4000-8000-${String(n).padStart(12, '0')}` as MessageId;
export const questionId = (n: number) => `60000000-0000-4000-8000-${String(n).padStart(12, '0')}` as QuestionId;
export const pollId = (n: number) => `70000000-0000-4000-8000-${String(n).padStart(12, '0')}` as PollId;

/** Message `seq` by person `author` (a userId index, see testPeople), as first posted (change number `seq`). */
export const chatMessage = (seq: number, author: number, overrides: Partial<ChatMessage> = {}): ChatMessage => ({
  messageId: messageId(seq),
  channel: 'room',
  threadId: null,
  seq,
  changeSeq: seq,
  author: { userId: userId(author), displayName: `Person ${author}`, role: 'participant' },
  body: `message ${seq}`,
  sentAt: '2024-05-01T10:00:00Z',
  editedAt: null,
  deletedBy: null,
  ...overrides,
});

/** Question `n`, as first asked (change number `n`). */
export const question = (n: number, overrides: Partial<Question> = {}): Question => ({
  questionId: questionId(n),
  body: `question ${n}`,
  askedAt: '2024-05-01T10:00:00Z',
  askedBy: null,
  isAnonymous: true,
  upvotes: 0,
  status: 'open',
  isAnsweringLive: false,
  isPinned: false,
  changeSeq: n,
  ...overrides,
});

/** Poll `n`, as first drafted (change number `n`). */
export const poll = (n: number, overrides: Partial<Poll> = {}): Poll => ({
  pollId: pollId(n),
  question: `poll ${n}`,
  kind: 'single',
  options: ['Yes', 'No'],
  state: 'draft',
  resultsShared: false,
  results: null,
  createdAt: '2024-05-01T10:00:00Z',
  changeSeq: n,
  ...overrides,
});

export const snapshot = (overrides: Partial<ConversationSnapshot> = {}): ConversationSnapshot => ({
  selfUserId: userId(1),
  head: 0,
  chat: { messages: [], hasMore: false },
  moderatorsChat: { messages: [], hasMore: false },
  questions: [],
  upvoted: [],
  polls: [],
  pollVotes: {},
  controls: { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible: false },
  isChatMuted: false,
  lobby: [],
  chatMutes: [],
  ...overrides,
});
