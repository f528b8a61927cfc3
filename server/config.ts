import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { MAX_LIFETIME_HOURS } from '../shared/invitations.js';
import type { RateLimitSettings } from './realtime/rateLimits.js';
import { announcedAddressOfThisMachine, type AnnouncedAddress } from './media/announcedAddress.js';

/**
 * Every environment variable the server reads, in one place. `.env.example`
 * documents the same list; keep the two in step.
 */
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = (fallback: number, min = 1) =>
  z.coerce.number().int().min(min).max(65535).default(fallback);

const urlWithProtocol = (protocols: string[], what: string) =>
  z
    .string()
    .url()
    .refine((value) => protocols.includes(new URL(value).protocol), {
      message: `expected a ${what} URL (${protocols.join(' or ')})`,
    });

/** Splits a list written with commas and/or spaces. */
const listOf = (value: string) => value.split(/[\s,]+/).filter(Boolean);

/**
 * Origins for the Content-Security-Policy (`https://host[:port]`, with `*.`
 * allowed before the host): nothing else, so no keyword such as
 * 'unsafe-inline' can be slipped into the policy through a variable.
 */
const originList = (schemes: string[]) => {
  const origin = new RegExp(`^(${schemes.join('|')})://(\\*\\.)?([A-Za-z0-9-]+\\.)*[A-Za-z0-9-]+(:\\d{1,5})?$`);
  return z
    .string()
    .refine((value) => listOf(value).every((entry) => origin.test(entry)), {
      message: `expected origins (${schemes.join(', ')}) such as https://events.example.org, separated by commas or spaces`,
    })
    .transform(listOf);
};

const envSchema = z
  .object({
    // Only "production" matters: it makes PUBLIC_URL required.
    NODE_ENV: z.string().optional(),
    // 0 asks the OS for any free port (tests, several local processes).
    PORT: port(3000, 0),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: urlWithProtocol(['http:', 'https:'], 'http(s)').optional(),
    // Security headers (server/http/securityHeaders.ts).
    FRAME_ANCESTORS: originList(['https?']).default([]),
    CSP_CONNECT_SOURCES: originList(['https?', 'wss?']).default([]),
    SERVE_SOURCE_MAPS: z.enum(['true', 'false']).default('false'),
    DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:'], 'PostgreSQL').optional(),
    // A stalled database fails a request within seconds (UNAVAILABLE) instead of hanging it.
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3000),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    REDIS_URL: urlWithProtocol(['redis:', 'rediss:'], 'Redis').optional(),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1–64 letters, digits, dots, dashes or underscores')
      .default('convene'),
    // How long a process's liveness key outlives its last renewal: a process killed
    // outright is noticed this long after, and its people leave for everyone.
    LIVENESS_TTL_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
    // How often lapsed waiting-list offers are passed on and due reminders written.
    REGISTRATION_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    DATA_DIR: z.string().min(1).default('data'),
    // Email: sent over SMTP when set (smtp:// or smtps://, credentials in the URL), else kept in the outbox.
    SMTP_URL: urlWithProtocol(['smtp:', 'smtps:'], 'SMTP').optional(),
    MAIL_FROM: z.string().min(3).max(200).default('Convene <no-reply@localhost>'),
    // The demo edition (server/db/demoEdition.ts), seeded once on a fresh database.
    DEMO: z.enum(['true', 'false']).default('true'),
    RECORDINGS_DIR: z.string().min(1).optional(),
    CLIENT_DIR: z.string().min(1).optional(),
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    PACKAGING_NICENESS: z.coerce.number().int().min(0).max(19).default(19),
    LOG_LEVEL: z.enum(levels).default('info'),
    // Tests set `exit`: a rejection nobody handled then fails the suite instead of only being logged.
    UNHANDLED_REJECTIONS: z.enum(['log', 'exit']).default('log'),
    TOKEN_SECRET: z
      .string()
      .min(32, 'expected at least 32 characters')
      .optional(),
    RTC_LISTEN_IP: z.union([z.ipv4(), z.ipv6()]).default('0.0.0.0'),
    RTC_ANNOUNCED_IP: z.string().min(1).optional(),
    RTC_MIN_PORT: port(40000),
    RTC_MAX_PORT: port(49999),
    MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
    STAGE_LIMIT: z.coerce.number().int().min(1).max(100).default(12),
    RECONNECT_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
    MAX_MESSAGE_BYTES: z.coerce.number().int().min(4096).max(1_000_000).default(16_384),
    RATE_SOCKET_EVENTS_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(300),
    RATE_MESSAGES_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(10),
    RATE_REACTIONS_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(30),
    RATE_VOTES_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(30),
    RATE_FLOOD_STRIKES_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(50),
    RATE_JOINS_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(20),
    RATE_ADDRESS_IDENTITIES_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(10),
    RATE_ADDRESS_JOINS_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(60),
    RATE_ADDRESS_MESSAGES_PER_10S: z.coerce.number().int().min(1).max(1_000_000).default(50),
    // After 5 wrong passwords for an account (30 from one address) in 15 minutes, sign-in waits this long.
    RATE_SIGN_IN_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    // How many proxies of the operator's own stand in front (X-Forwarded-For is believed that far).
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    INVITATION_MAX_HOURS: z.coerce.number().int().min(1).max(MAX_LIFETIME_HOURS).default(168),
    INVITATION_MODERATOR_HOURS: z.coerce.number().int().min(1).max(MAX_LIFETIME_HOURS).default(24),
  })
  .refine((env) => env.RTC_MIN_PORT < env.RTC_MAX_PORT, {
    path: ['RTC_MAX_PORT'],
    message: 'expected RTC_MAX_PORT to be greater than RTC_MIN_PORT',
  })
  .refine((env) => env.INVITATION_MODERATOR_HOURS <= env.INVITATION_MAX_HOURS, {
    path: ['INVITATION_MODERATOR_HOURS'],
    message: 'expected at most INVITATION_MAX_HOURS',
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.PUBLIC_URL, {
    path: ['PUBLIC_URL'],
    message:
      'required when NODE_ENV=production: links people are sent and buzz groups on other processes need the address browsers reach this process at',
  })
  .refine((env) => !env.REDIS_URL || env.TOKEN_SECRET, {
    path: ['TOKEN_SECRET'],
    message: 'required when REDIS_URL is set: every process must verify the same tokens',
  });

export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  /** Origins allowed to show the pages in a frame (none by default). */
  frameAncestors: string[];
  /** Other origins browsers may connect to: the other processes' PUBLIC_URLs, where buzz groups send people. */
  cspConnectSources: string[];
  /** Whether the client's source maps are served (they are built, never referenced by the scripts). */
  serveSourceMaps: boolean;
  /** Seed the demo edition on a fresh database (DEMO, on by default). */
  demo: boolean;
  /** SMTP for outgoing email (none: messages stay in the outbox for organisers to read). */
  mail: { smtpUrl: string | undefined; from: string };
  /** Absolute path of the built client, if set (default: dist/client of this checkout). */
  clientDir: string | undefined;
  databaseUrl: string | undefined;
  /**
   * PostgreSQL only: how long getting a connection, and one statement, may
   * take before the request fails as UNAVAILABLE (clients retry that).
   */
  database: { connectTimeoutMs: number; statementTimeoutMs: number };
  redisUrl: string | undefined;
  /** Prefix of every Redis channel and key, so deployments can share one Redis. */
  redisKeyPrefix: string;
  /** With Redis: how long after its last renewal a process that stopped renewing counts as dead. */
  livenessTtlMs: number;
  /** How often lapsed waiting-list offers pass on and due reminders are written. */
  registrationSweepMs: number;
  /** Absolute path; holds the embedded database and the generated secret. */
  dataDir: string;
  /** Absolute path; every recording's files live in a directory of its id below it (default DATA_DIR/recordings). */
  recordingsDir: string;
  /** The ffmpeg recordings and packaging run (stream copy to record, encoding only to package). */
  ffmpegPath: string;
  /**
   * The CPU priority packaging's ffmpeg runs at (nice, 0–19; default 19, the
   * lowest): live sessions on the same machine keep the CPU.
   */
  packagingNiceness: number;
  logLevel: (typeof levels)[number];
  /**
   * What a promise rejection nobody handled does: `log` (production: it is
   * logged with its stack and the process goes on) or `exit` (tests).
   */
  unhandledRejections: 'log' | 'exit';
  tokenSecret: string | undefined;
  rtc: {
    listenIp: string;
    /**
     * The address browsers are told to send media to: RTC_ANNOUNCED_IP, else
     * the listen IP, else (listening everywhere) this machine's primary
     * address; see {@link AnnouncedAddress} for how it was chosen.
     */
    announced: AnnouncedAddress;
    minPort: number;
    maxPort: number;
  };
  mediaWorkers: number;
  shutdownTimeoutMs: number;
  /** Most people on a session's stage at once. */
  stageLimit: number;
  /** How long someone who lost the connection keeps their place (seat, hand) before being removed. */
  reconnectGraceMs: number;
  /** Largest Socket.IO message a client may send; a bigger one closes its connection. */
  maxMessageBytes: number;
  /** Request budgets per 10 seconds, and per minute for network addresses (see server/realtime/rateLimits.ts). */
  rateLimits: RateLimitSettings;
  /** Proxies in front of the server whose X-Forwarded-For entries are believed (0: the TCP peer is the client). */
  trustedProxies: number;
  /** How long invitation links last: never more than the limit; moderators' links briefly unless asked. */
  invitations: { maxHours: number; moderatorHours: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const got = typeof present[name] === 'string' ? ` (got "${present[name]}")` : '';
        return `${name}: ${issue.message}${got}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    frameAncestors: e.FRAME_ANCESTORS,
    cspConnectSources: e.CSP_CONNECT_SOURCES,
    serveSourceMaps: e.SERVE_SOURCE_MAPS === 'true',
    demo: e.DEMO === 'true',
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    databaseUrl: e.DATABASE_URL,
    database: { connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS },
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    livenessTtlMs: e.LIVENESS_TTL_MS,
    registrationSweepMs: e.REGISTRATION_SWEEP_MS,
    dataDir: path.resolve(e.DATA_DIR),
    recordingsDir: path.resolve(e.RECORDINGS_DIR ?? path.join(e.DATA_DIR, 'recordings')),
    clientDir: e.CLIENT_DIR === undefined ? undefined : path.resolve(e.CLIENT_DIR),
    ffmpegPath: e.FFMPEG_PATH,
    packagingNiceness: e.PACKAGING_NICENESS,
    logLevel: e.LOG_LEVEL,
    unhandledRejections: e.UNHANDLED_REJECTIONS,
    tokenSecret: e.TOKEN_SECRET,
    rtc: {
      listenIp: e.RTC_LISTEN_IP,
      announced: announcedAddressOfThisMachine(e.RTC_ANNOUNCED_IP, e.RTC_LISTEN_IP),
      minPort: e.RTC_MIN_PORT,
      maxPort: e.RTC_MAX_PORT,
    },
    mediaWorkers: e.MEDIA_WORKERS ?? os.availableParallelism(),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    stageLimit: e.STAGE_LIMIT,
    reconnectGraceMs: e.RECONNECT_GRACE_MS,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    rateLimits: {
      socketEvents: e.RATE_SOCKET_EVENTS_PER_10S,
      messages: e.RATE_MESSAGES_PER_10S,
      reactions: e.RATE_REACTIONS_PER_10S,
      votes: e.RATE_VOTES_PER_10S,
      floodStrikes: e.RATE_FLOOD_STRIKES_PER_10S,
      joins: e.RATE_JOINS_PER_10S,
      addressIdentities: e.RATE_ADDRESS_IDENTITIES_PER_MIN,
      signInBlockSeconds: e.RATE_SIGN_IN_BLOCK_SECONDS,
      addressJoins: e.RATE_ADDRESS_JOINS_PER_MIN,
      addressMessages: e.RATE_ADDRESS_MESSAGES_PER_10S,
    },
    trustedProxies: e.TRUST_PROXY,
    invitations: { maxHours: e.INVITATION_MAX_HOURS, moderatorHours: e.INVITATION_MODERATOR_HOURS },
  };
}

/**
 * This process's own address on this machine (`http://localhost:<port>` when
 * it listens on every interface): links and operators' commands use it when
 * PUBLIC_URL is not set, never an address a request claims.
 */
export function localUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}
