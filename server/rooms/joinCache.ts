import type { BuzzOutputs } from '../../shared/buzz.js';
import type { ChatMute } from '../../shared/conversation.js';
import { CHAT_PAGE_SIZE } from '../../shared/conversation.js';
import type { ServerToClientEvents } from '../../shared/events.js';
import type { BuzzRepository } from '../db/buzzRepository.js';
import type { ChatRepository, StoredPage } from '../db/chatRepository.js';
import type { PollRepository, StoredPoll } from '../db/pollRepository.js';
import type { QuestionRepository, StoredQuestion } from '../db/questionRepository.js';
import { ReadCache } from '../db/readCache.js';
import type { Barred, RemovalRepository } from '../db/removalRepository.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import type { JoinFacts, RoomRepository } from '../db/roomRepository.js';

/** What is cached, each per room (or per session for removals and a round's notes). */
export const CACHED_PARTS = ['room', 'removals', 'chat', 'questions', 'polls', 'chatMutes', 'buzzOutputs'] as const;
export type CachedPart = (typeof CACHED_PARTS)[number];

/**
 * Which cached parts each broadcast says have changed. Every change to them
 * is written, then told to the room: the telling is where the cache forgets
 * (server/realtime/cacheInvalidation.ts), on every process. Two parts are
 * not here, because telling comes too late for them: a room's controls
 * must hold on every process before the moderator is answered, and a bar
 * before the removed person hears of it (who may ask to come back at
 * once). Their handlers forget them everywhere first, once per change
 * (`changedEverywhere`, in server/rooms/roomControlHandlers.ts and
 * server/moderation/moderationHandlers.ts).
 */
const CHANGED_BY: Partial<Record<keyof ServerToClientEvents, readonly CachedPart[]>> = {
  'chat:posted': ['chat'],
  'chat:changed': ['chat'],
  'question:asked': ['questions'],
  'question:changed': ['questions'],
  'question:removed': ['questions'],
  'question:upvoted': ['questions'],
  'poll:changed': ['polls'],
  'moderation:chat-mutes-changed': ['chatMutes'],
  'chat:muted-changed': ['chatMutes'],
  'buzz:ended': ['buzzOutputs'],
};

export function partsChangedBy(event: keyof ServerToClientEvents): readonly CachedPart[] {
  return CHANGED_BY[event] ?? [];
}

/**
 * A room's facts as read, stamped with when the read started: a read
 * started later saw every change committed before it, so of two readings
 * the one with the higher stamp is the newer (see Room.setRosterVisible).
 */
export type StampedFacts = JoinFacts & { readSeq: number };

export interface JoinCacheDeps {
  rooms: Pick<RoomRepository, 'joinFacts' | 'joinFactsOf' | 'changeHead'>;
  removals: Pick<RemovalRepository, 'barred'>;
  chat: Pick<ChatRepository, 'page' | 'threadOwners'>;
  questions: Pick<QuestionRepository, 'list'>;
  polls: Pick<PollRepository, 'list'>;
  controls: Pick<RoomControlRepository, 'chatMutes'>;
  buzzRounds: Pick<BuzzRepository, 'lastOutputs'>;
}

/**
 * What everyone in a room sees of its conversation, read together after the
 * room's change number (shared/changeSequence.ts): numbers commit in order,
 * so all three hold every change up to `head` (and perhaps later ones, which
 * a joiner hears of). One entry, forgotten when any of the three changes, so
 * a snapshot's head never claims a change one of them was read too early to hold.
 */
export interface SharedConversation {
  head: number;
  /** The room chat's latest page. */
  chat: StoredPage;
  questions: StoredQuestion[];
  polls: StoredPoll[];
}

/** Long enough to carry a join storm; short enough that a lost invalidation heals by itself. */
const TTL_MS = 30_000;
const MAX_ROOMS = 2_000;

/**
 * What every joiner of a session reads, read once per change instead of
 * once per person: the room (parent, controls), who is barred, the latest
 * chat page and whose threads with the moderators hold messages, the
 * questions, the polls, whose chat is muted, and the last buzz round's
 * notes. What is the caller's own (their thread, their upvotes and votes)
 * is still read for each, when there is something to find.
 */
export class JoinCache {

  private readonly facts: ReadCache<StampedFacts | null>;
  private lastRead = 0;
  private readonly barredBy: ReadCache<Barred>;
  private readonly conversations: ReadCache<SharedConversation>;
  private readonly threads: ReadCache<ReadonlySet<string>>;
  private readonly mutes: ReadCache<ChatMute[]>;
  private readonly outputs: ReadCache<BuzzOutputs | null>;
  private readonly byPart: Record<CachedPart, ReadCache<unknown>>;

  constructor(private readonly deps: JoinCacheDeps) {
    const options = { ttlMs: TTL_MS, maxEntries: MAX_ROOMS };
    this.facts = new ReadCache(async (roomId) => {
      const readSeq = ++this.lastRead;
      const facts = await deps.rooms.joinFacts(roomId);
      return facts ? { ...facts, readSeq } : null;
    }, options);
    this.barredBy = new ReadCache((sessionId) => deps.removals.barred(sessionId), options);
    this.conversations = new ReadCache(async (roomId) => {
      // The head first: what is read after it holds every change up to it.
      const head = await deps.rooms.changeHead(roomId);
      const [chat, questions, polls] = await Promise.all([
        deps.chat.page(roomId, { channel: 'room', limit: CHAT_PAGE_SIZE }),
        deps.questions.list(roomId),
        deps.polls.list(roomId),
      ]);
      return { head, chat, questions, polls };
    }, options);
    this.threads = new ReadCache((roomId) => deps.chat.threadOwners(roomId), options);
    this.mutes = new ReadCache((roomId) => deps.controls.chatMutes(roomId), options);
    this.outputs = new ReadCache((sessionId) => deps.buzzRounds.lastOutputs(sessionId), options);
    this.byPart = {
      room: this.facts,
      removals: this.barredBy,
      chat: this.conversations,
      questions: this.conversations,
      polls: this.conversations,
      chatMutes: this.mutes,
      buzzOutputs: this.outputs,
    };
  }

  /** The room's parent and controls; null when there is no such room (never cached: it may be created). */
  async roomFacts(roomId: string): Promise<StampedFacts | null> {
    const facts = await this.facts.get(roomId);
    if (!facts) this.facts.invalidate(roomId);
    return facts;
  }

  /** Whether this identity, or its invitation, is barred from the session. */
  async isBarred(sessionId: string, who: { userId: string; invitationId: string | null }): Promise<boolean> {
    const barred = await this.barredBy.get(sessionId);
    return barred.userIds.has(who.userId) || (who.invitationId !== null && barred.invitationIds.has(who.invitationId));
  }

  /** The room chat's latest page, its questions and polls, and the change number they hold everything up to (shared: never change them). */
  conversation(roomId: string): Promise<SharedConversation> {
    return this.conversations.get(roomId);
  }

  /** Whether this person's thread with the moderators holds any message (most people never write there). */
  async hasThread(roomId: string, userId: string): Promise<boolean> {
    return (await this.threads.get(roomId)).has(userId);
  }

  chatMutes(roomId: string): Promise<ChatMute[]> {
    return this.mutes.get(roomId);
  }

  /** The session's last finished buzz round's notes. */
  buzzOutputs(sessionId: string): Promise<BuzzOutputs | null> {
    return this.outputs.get(sessionId);
  }

  /**
   * A buzz round's rooms were just created: nothing has been said in them
   * yet, so a split's hundreds of first joiners find them read (their
   * controls in one query for all) instead of each group's first member
   * reading its room afresh.
   */
  async primeNewRooms(roomIds: readonly string[]): Promise<void> {
    const readSeq = ++this.lastRead;
    const facts = await this.deps.rooms.joinFactsOf(roomIds);
    for (const [roomId, roomFacts] of facts) {
      this.facts.prime(roomId, { ...roomFacts, readSeq });
      this.conversations.prime(roomId, { head: 0, chat: { messages: [], hasMore: false }, questions: [], polls: [] });
      this.threads.prime(roomId, new Set());
      this.mutes.prime(roomId, []);
    }
  }

  /** Forgets one part of one room (or session) on this process. */
  invalidate(part: CachedPart, roomId: string): void {
    this.byPart[part].invalidate(roomId);
    // A message may also open someone's thread with the moderators.
    if (part === 'chat') this.threads.invalidate(roomId);
  }

  /**
   * Forgets everything on this process: its link to the other processes
   * was down, and what they said changed meanwhile was never heard.
   */
  clear(): void {
    for (const part of CACHED_PARTS) this.byPart[part].clear();
    this.threads.clear();
  }
}
