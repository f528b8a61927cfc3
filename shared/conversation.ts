/**
 * The conversation layer's data as clients see it: chat, questions, polls,
 * reactions, room controls, the lobby and the audit log. Plain types and
 * constants only (no zod), so the client bundle can use them; the request
 * schemas live in conversationSchemas.ts and the events in events.ts.
 */
import type { MessageId, PollId, QuestionId, LobbyEntryId, AuditEntryId } from './ids.js';
import type { Role } from './events.js';

/** Longest chat message or question, in characters. */
export const MAX_MESSAGE_LENGTH = 2000;
/** Longest question text. */
export const MAX_QUESTION_LENGTH = 500;
/** How many chat messages a page of history holds at most (and the join snapshot). */
export const CHAT_PAGE_SIZE = 50;
/** Limits of a poll. */
export const POLL_LIMITS = { minOptions: 2, maxOptions: 10, questionLength: 300, optionLength: 120 } as const;

/**
 * Where a chat message goes: the whole room, or the private line between one
 * person and the moderators (each person has a thread; moderators see them all).
 */
export const CHAT_CHANNELS = ['room', 'moderators'] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/**
 * Who wrote something, as shown next to it: the name and role the author
 * chose to show. `userId` (stable across reconnects and rooms for the
 * identity's 12 hours, so it would link a person across them) reaches only
 * the moderators and the author themself (shared/roster.ts: seesAuthorId).
 */
export interface Author {
  userId?: string;
  displayName: string;
  role: Role;
}

/** An author with their id: as stored, and as the moderators and the author themself are sent it. */
export type IdentifiedAuthor = Author & { userId: string };

export interface ChatMessage {
  messageId: MessageId;
  channel: ChatChannel;
  /**
   * For the moderators channel: whose thread this is (the userId of the
   * person talking to the moderators). Null in the room channel.
   */
  threadId: string | null;
  /** Increases with every message of the room; pages of history are cut by it. */
  seq: number;
  /** The room's change number of this state of the message (shared/changeSequence.ts). */
  changeSeq: number;
  author: Author;
  /** Empty once deleted. Plain text: clients never interpret it as markup. */
  body: string;
  sentAt: string;
  editedAt: string | null;
  /** Who deleted it, if anyone: its author or a moderator. */
  deletedBy: 'author' | 'moderator' | null;
}

/** A page of history, newest last; `hasMore` says whether older messages exist. */
export interface ChatPage {
  messages: ChatMessage[];
  hasMore: boolean;
}

export const QUESTION_STATUSES = ['open', 'answered', 'dismissed', 'withdrawn'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export interface Question {
  questionId: QuestionId;
  body: string;
  askedAt: string;
  /**
   * Null for the audience when the asker chose to be anonymous; moderators
   * and the asker always see who asked.
   */
  askedBy: Author | null;
  isAnonymous: boolean;
  upvotes: number;
  status: QuestionStatus;
  /** Marked as being answered live, right now, by a speaker. */
  isAnsweringLive: boolean;
  isPinned: boolean;
  /** The room's change number of this state of the question (shared/changeSequence.ts). */
  changeSeq: number;
}

/** What a moderator can do to a question. */
export const QUESTION_ACTIONS = ['answer', 'answer-live', 'dismiss', 'pin', 'unpin', 'reopen'] as const;
export type QuestionAction = (typeof QUESTION_ACTIONS)[number];

export const POLL_KINDS = ['single', 'multiple'] as const;
export type PollKind = (typeof POLL_KINDS)[number];
/** draft (moderators only) → open (votes taken) → closed (final). */
export const POLL_STATES = ['draft', 'open', 'closed'] as const;
export type PollState = (typeof POLL_STATES)[number];

export interface PollResults {
  /** Votes per option, in option order. */
  counts: number[];
  /** People who voted. */
  voters: number;
}

export interface Poll {
  pollId: PollId;
  question: string;
  kind: PollKind;
  options: string[];
  state: PollState;
  /** The moderator chose to show the results to everyone. */
  resultsShared: boolean;
  /** Moderators always; everyone else only when shared. */
  results: PollResults | null;
  createdAt: string;
  /** The room's change number of this state of the poll (shared/changeSequence.ts). */
  changeSeq: number;
}

/** Emoji reactions; names on the wire, the client draws them. */
export const REACTIONS = ['clap', 'heart', 'laugh', 'wow', 'thumbs-up', 'celebrate'] as const;
export type Reaction = (typeof REACTIONS)[number];
/** Reactions sent in the same short window, counted. */
export type ReactionCounts = Partial<Record<Reaction, number>>;

/** What moderators set for a whole room. */
export interface RoomControls {
  /** No new joins (moderators, and people already in, still get in). */
  isLocked: boolean;
  /** Participants wait until a moderator admits them. */
  hasLobby: boolean;
  /** Participants may write in the room chat. */
  isAudienceChatEnabled: boolean;
  /** The session starts recording by itself when it goes live (its first person joins). */
  autoRecord: boolean;
  /**
   * Everyone can see who is here: the audience's names, not only their
   * number. Off, participants see the stage, the moderators and a count.
   */
  isRosterVisible: boolean;
}

/** Someone waiting in the lobby (shown to moderators). */
export interface LobbyEntry {
  entryId: LobbyEntryId;
  displayName: string;
  waitingSince: string;
}

/** Someone whose chat a moderator muted. */
export interface ChatMute {
  userId: string;
  displayName: string;
  mutedAt: string;
}

/** Every kind of moderation action the audit log records. */
export const AUDIT_ACTIONS = [
  'stage.invite',
  'stage.send-to-audience',
  'hand.lower',
  'media.stop',
  'person.remove',
  'person.readmit',
  'invitation.create',
  'invitation.revoke',
  'chat.delete',
  'chat.mute',
  'chat.unmute',
  'question.moderate',
  'poll.create',
  'poll.open',
  'poll.close',
  'poll.share-results',
  'room.controls',
  'lobby.admit',
  'lobby.refuse',
  'buzz.start',
  'buzz.extend',
  'buzz.end',
  'buzz.cancel',
  'buzz.move',
  'buzz.broadcast',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  entryId: AuditEntryId;
  seq: number;
  at: string;
  actorName: string;
  action: AuditAction;
  /** Who it was done to, if anyone. */
  targetName: string | null;
  /** A short human-readable detail ("muted microphone", "locked: on"). */
  detail: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  hasMore: boolean;
}

/**
 * Everything about the conversation a client needs on joining (and on
 * rejoining after a lost connection, which is how it catches up).
 */
export interface ConversationSnapshot {
  /** The caller's own userId, to recognise their messages and questions. */
  selfUserId: string;
  /** The room's change number this snapshot holds everything up to (shared/changeSequence.ts). */
  head: number;
  chat: ChatPage;
  /** Moderators: every thread; others: their own thread with the moderators. */
  moderatorsChat: ChatPage;
  /** Visible questions (moderators also see dismissed ones). */
  questions: Question[];
  /** The questions the caller upvoted. */
  upvoted: QuestionId[];
  /** Polls (drafts only for moderators). */
  polls: Poll[];
  /** The caller's current choices per poll. */
  pollVotes: Record<string, number[]>;
  controls: RoomControls;
  /** Whether a moderator muted the caller's chat. */
  isChatMuted: boolean;
  /** Moderators only (empty for others). */
  lobby: LobbyEntry[];
  /** Moderators only (empty for others). */
  chatMutes: ChatMute[];
}

/** A question that left the caller's view (withdrawn, or dismissed for the audience), and when. */
export interface RemovedQuestion {
  questionId: QuestionId;
  changeSeq: number;
}

/**
 * What changed in a room after a change number, as the caller may see it
 * (the answer to `room:catch-up`), each record as it stands now, in change
 * order. When more changed than one answer carries, the server sends the
 * whole snapshot instead.
 */
export type CatchUp =
  | {
      head: number;
      chat: ChatMessage[];
      questions: Question[];
      removedQuestions: RemovedQuestion[];
      polls: Poll[];
    }
  | { head: number; snapshot: ConversationSnapshot };
