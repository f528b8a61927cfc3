import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { ClientEventName } from '../../shared/events.js';
import type { Logger } from '../logger.js';
import { addressKey } from './clientAddress.js';

/** Every budget per socket and per person is counted over this window. */
export const RATE_WINDOW_SECONDS = 10;
/** Arrivals and identities per network address are counted over this longer window (they happen once per visit). */
export const ADDRESS_WINDOW_SECONDS = 60;

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
  /** Joining a room, per person (reconnections and moves between buzz groups included). */
  joins: number;
  /** Identities minted per network address per minute (POST /api/identity). */
  addressIdentities: number;
  /**
   * Arrivals per network address per minute, whoever arrives: a connection's
   * first room (its later moves, into a buzz group and back, are the person's
   * joins budget only).
   */
  addressJoins: number;
  /** Posting text per network address (every window), whoever posts: identities minted in advance share it. */
  addressMessages: number;
  /** Refused events per socket after which the socket is disconnected. */
  floodStrikes: number;
  /** How long sign-in waits after too many wrong passwords (it always ends: no lockout is for good). */
  signInBlockSeconds: number;
}

type UserBudget = 'messages' | 'reactions' | 'votes' | 'joins';
type AddressBudget = 'addressIdentities' | 'addressJoins' | 'addressMessages';

/** Which per-person budget an event draws on (none: only the socket's). */
const USER_BUDGETS: Partial<Record<ClientEventName, UserBudget>> = {
  'chat:send': 'messages',
  'chat:edit': 'messages',
  'question:ask': 'messages',
  'reaction:send': 'reactions',
  'question:upvote': 'votes',
  'poll:vote': 'votes',
  'room:join': 'joins',
};

/**
 * Which per-address budget an event also draws on. Identities are free to
 * mint and last 12 hours, so a per-person budget alone would let one
 * machine post as many people as it prepared; what each address posts is
 * bounded too. (What it mints and how often it arrives are counted where
 * they happen: {@link RateLimits.identityMinted}, {@link RateLimits.arrival}.)
 */
const ADDRESS_BUDGETS: Partial<Record<ClientEventName, AddressBudget>> = {
  'chat:send': 'addressMessages',
  'chat:edit': 'addressMessages',
  'question:ask': 'addressMessages',
};

/** Who asks: the person (their user id) and the network address they come from (see clientAddress.ts). */
export interface Caller {
  userId: string;
  address: string;
}

/** A node-redis client (the adapter's publishing connection): per-person budgets are then shared by every process. */
export interface RedisCommands {
  isReady: boolean;
}

/**
 * The platform's rate limits, built on rate-limiter-flexible. Per-socket
 * budgets and flood strikes live in this process (a socket lives here).
 * Per-person and per-address budgets live in Redis when there is one, so
 * opening sockets on several processes does not multiply them; an in-memory
 * limiter stands in while Redis is unreachable.
 */
/** Password attempts allowed per account, and per network address, in the window (a right one is given back); then a block (RateLimitSettings.signInBlockSeconds). */
export const SIGN_IN_ACCOUNT_FAILURES = 5;
export const SIGN_IN_ADDRESS_FAILURES = 30;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

export class RateLimits {
  private readonly perSocket: RateLimiterMemory;
  private readonly strikes: RateLimiterMemory;
  private readonly perUser: Record<UserBudget, RateLimiterAbstract>;
  private readonly perAddress: Record<AddressBudget, RateLimiterAbstract>;

  /** Password attempts per account and per address: past the budget, blocked for a while (never for good). */
  private readonly signInAttempts: { account: RateLimiterAbstract; address: RateLimiterAbstract };

  constructor(
    settings: RateLimitSettings,
    private readonly logger: Logger,
    redis?: { client: RedisCommands; keyPrefix: string },
  ) {
    const duration = RATE_WINDOW_SECONDS;
    const failures = (name: string, points: number) => {
      const options = { keyPrefix: `${redis?.keyPrefix ?? 'convene'}:rl:sign-in-${name}`, points, duration: SIGN_IN_WINDOW_SECONDS, blockDuration: settings.signInBlockSeconds };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({ ...options, storeClient: redis.client, useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) });
    };
    this.signInAttempts = { account: failures('account', SIGN_IN_ACCOUNT_FAILURES), address: failures('address', SIGN_IN_ADDRESS_FAILURES) };
    this.perSocket = new RateLimiterMemory({ keyPrefix: 'socket', points: settings.socketEvents, duration });
    this.strikes = new RateLimiterMemory({ keyPrefix: 'strikes', points: settings.floodStrikes, duration });
    const sharedLimiter = (budget: UserBudget | AddressBudget, windowSeconds: number) => {
      const options = { keyPrefix: `${redis?.keyPrefix ?? 'convene'}:rl:${budget}`, points: settings[budget], duration: windowSeconds };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: redis.client,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.perUser = {
      messages: sharedLimiter('messages', duration),
      reactions: sharedLimiter('reactions', duration),
      votes: sharedLimiter('votes', duration),
      joins: sharedLimiter('joins', duration),
    };
    this.perAddress = {
      addressIdentities: sharedLimiter('addressIdentities', ADDRESS_WINDOW_SECONDS),
      addressJoins: sharedLimiter('addressJoins', ADDRESS_WINDOW_SECONDS),
      addressMessages: sharedLimiter('addressMessages', duration),
    };
  }

  /** Null when the socket may send one more event; otherwise how long to wait (ms). */
  socketEvent(socketId: string): Promise<number | null> {
    return this.take(this.perSocket, socketId);
  }

  /**
   * Null when the caller may do this once more, as a person and from their
   * address; otherwise how long to wait (ms). A refusal by the person's
   * budget spends nothing from the address's.
   */
  async callerAction(caller: Caller, event: ClientEventName): Promise<number | null> {
    const userBudget = USER_BUDGETS[event];
    const userWait = userBudget ? await this.take(this.perUser[userBudget], caller.userId) : null;
    if (userWait !== null) return userWait;
    const addressBudget = ADDRESS_BUDGETS[event];
    return addressBudget ? this.take(this.perAddress[addressBudget], addressKey(caller.address)) : null;
  }

  /**
   * Takes one attempt at a password for `account` from `address`, before
   * it is checked (so attempts sent at once are counted, not only their
   * failures): 0 when allowed, else the milliseconds to wait. Past the
   * budget the block lasts `signInBlockSeconds` and always ends.
   */
  async signInAttempt(account: string, address: string): Promise<number> {
    const take = (limiter: RateLimiterAbstract, key: string) =>
      limiter.consume(key).then(
        () => 0,
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
          this.logger.warn({ err: rejection }, 'sign-in attempt not counted');
          return 0;
        },
      );
    const waits = await Promise.all([take(this.signInAttempts.account, account), take(this.signInAttempts.address, addressKey(address))]);
    return Math.max(...waits);
  }

  /** The password was right: the account's count is forgotten, and the address gets its attempt back (a venue's shared network). */
  async signInSucceeded(account: string, address: string): Promise<void> {
    await Promise.all([
      this.signInAttempts.account.delete(account).catch(() => undefined),
      this.signInAttempts.address.reward(addressKey(address), 1).catch(() => undefined),
    ]);
  }

  /** Null when one more identity may be minted for this address; otherwise how long to wait (ms). */
  identityMinted(address: string): Promise<number | null> {
    return this.take(this.perAddress.addressIdentities, addressKey(address));
  }

  /** Null when one more connection from this address may arrive in a room; otherwise how long to wait (ms). */
  arrival(address: string): Promise<number | null> {
    return this.take(this.perAddress.addressJoins, addressKey(address));
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
      return await takeOne(limiter, key);
    } catch (error) {
      // The store itself failed (and its insurance too): let the event through
      // rather than refuse everyone; the socket budget still applies.
      this.logger.warn({ err: error }, 'rate limiter unavailable');
      return null;
    }
  }
}

/**
 * Takes one from `key`'s budget: null when allowed, else how long to wait
 * (ms). A store that fails (rather than refuses) throws.
 */
export async function takeOne(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return Math.max(1, outcome.msBeforeNext);
    throw outcome;
  }
}
