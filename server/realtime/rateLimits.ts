import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { ClientEventName } from '../../shared/events.js';
import type { Logger } from '../logger.js';

/** Every budget is counted over this window. */
export const RATE_WINDOW_SECONDS = 10;

/** Budgets per window (configurable, see config.ts). */
export interface RateLimitSettings {
  /** Any event, per socket: what a normal client never reaches, even while setting up media. */
  socketEvents: number;
  /** Posting text (chat messages, edits, questions), per person across all their sockets and processes. */
  messages: number;
  /** Emoji reactions, per person. */
  reactions: number;
  /** Upvotes and poll votes, per person. */
  votes: number;
  /** Refused events per socket after which the socket is disconnected. */
  floodStrikes: number;
}

/** Which per-person budget an event draws on (none: only the socket's). */
const USER_BUDGETS: Partial<Record<ClientEventName, 'messages' | 'reactions' | 'votes'>> = {
  'chat:send': 'messages',
  'chat:edit': 'messages',
  'question:ask': 'messages',
  'reaction:send': 'reactions',
  'question:upvote': 'votes',
  'poll:vote': 'votes',
};

/** A node-redis client (the adapter's publishing connection): per-person budgets are then shared by every process. */
export interface RedisCommands {
  isReady: boolean;
}

/**
 * The platform's rate limits, built on rate-limiter-flexible. Per-socket
 * budgets and flood strikes live in this process (a socket lives here).
 * Per-person budgets live in Redis when there is one, so opening sockets on
 * several processes does not multiply them; an in-memory limiter stands in
 * while Redis is unreachable.
 */
export class RateLimits {
  private readonly perSocket: RateLimiterMemory;
  private readonly strikes: RateLimiterMemory;
  private readonly perUser: Record<'messages' | 'reactions' | 'votes', RateLimiterAbstract>;

  constructor(
    settings: RateLimitSettings,
    private readonly logger: Logger,
    redis?: { client: RedisCommands; keyPrefix: string },
  ) {
    const duration = RATE_WINDOW_SECONDS;
    this.perSocket = new RateLimiterMemory({ keyPrefix: 'socket', points: settings.socketEvents, duration });
    this.strikes = new RateLimiterMemory({ keyPrefix: 'strikes', points: settings.floodStrikes, duration });
    const userLimiter = (budget: 'messages' | 'reactions' | 'votes') => {
      const options = { keyPrefix: `${redis?.keyPrefix ?? 'convene'}:rl:${budget}`, points: settings[budget], duration };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: redis.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.perUser = { messages: userLimiter('messages'), reactions: userLimiter('reactions'), votes: userLimiter('votes') };
  }

  /** Null when the socket may send one more event; otherwise how long to wait (ms). */
  socketEvent(socketId: string): Promise<number | null> {
    return this.take(this.perSocket, socketId);
  }

  /** Null when the person may do this once more; otherwise how long to wait (ms). */
  userAction(userId: string, event: ClientEventName): Promise<number | null> {
    const budget = USER_BUDGETS[event];
    return budget ? this.take(this.perUser[budget], userId) : Promise.resolve(null);
  }

  /** Counts a refused event against the socket; true when it has flooded long enough to be cut off. */
  async strike(socketId: string): Promise<boolean> {
    return (await this.take(this.strikes, socketId)) !== null;
  }

  /** Forgets a closed socket's counters. */
  forgetSocket(socketId: string): void {
    void this.perSocket.delete(socketId);
    void this.strikes.delete(socketId);
  }

  private async take(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
    try {
      await limiter.consume(key);
      return null;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return Math.max(1, outcome.msBeforeNext);
      // The store itself failed (and its insurance too): let the event through
      // rather than refuse everyone; the socket budget still applies.
      this.logger.warn({ err: outcome }, 'rate limiter unavailable');
      return null;
    }
  }
}
