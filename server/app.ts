import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import { createHttpApp, type ReadinessCheck } from './http/routes.js';
import type { Logger } from './logger.js';
import { RoomRegistry } from './media/roomRegistry.js';
import type { WorkerPool } from './media/workerPool.js';
import { attachRedisAdapter, type RedisLink } from './realtime/redisAdapter.js';
import { createRedisRoomHomes, localRoomHomes } from './rooms/roomHomes.js';
import { finaliseAbandonedRecordings, HEARTBEAT_EVERY_MS } from './recording/abandonedRecordings.js';
import { createRoomBroadcast } from './realtime/roomBroadcast.js';
import { createSocketServer, handleConnections } from './realtime/socketServer.js';
import type { AppServer } from './realtime/types.js';
import type { RemovalRepository } from './db/removalRepository.js';
import type { RoomRepository } from './db/roomRepository.js';
import type { RoomId } from '../shared/ids.js';
import { Coalescer } from './conversation/coalescer.js';
import { ReactionBursts } from './conversation/reactionBursts.js';
import type { AuditRepository } from './db/auditRepository.js';
import type { ChatRepository } from './db/chatRepository.js';
import type { PollRepository } from './db/pollRepository.js';
import type { QuestionRepository } from './db/questionRepository.js';
import type { RoomControlRepository } from './db/roomControlRepository.js';
import { createAuditLog } from './moderation/auditLog.js';
import { BuzzService } from './buzz/buzzService.js';
import { GroupBroadcaster } from './buzz/groupBroadcaster.js';
import type { BuzzRepository } from './db/buzzRepository.js';
import type { RecordingRepository } from './db/recordingRepository.js';
import { RateLimits } from './realtime/rateLimits.js';

/** How long reactions are counted before one burst goes out, and poll tallies at most this often. */
const REACTION_WINDOW_MS = 300;
const TALLY_WINDOW_MS = 250;

export interface AppDeps {
  config: Pick<
    Config,
    'redisUrl' | 'redisKeyPrefix' | 'rtc' | 'publicUrl' | 'port' | 'stageLimit' | 'reconnectGraceMs' | 'maxMessageBytes' | 'rateLimits'
  >;
  logger: Logger;
  tokens: TokenService;
  rooms: RoomRepository;
  removals: RemovalRepository;
  chat: ChatRepository;
  questions: QuestionRepository;
  polls: PollRepository;
  controls: RoomControlRepository;
  auditEntries: AuditRepository;
  buzzRounds: BuzzRepository;
  recordings: RecordingRepository;
  pool: WorkerPool;
  /** Database liveness for /readyz. */
  pingDatabase(): Promise<void>;
  /** Where the built client lives. */
  clientDir: string;
}

export interface App {
  httpServer: HttpServer;
  io: AppServer;
  registry: RoomRegistry;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking people in, tells connected clients, closes rooms and connections. */
  shutdown(): Promise<void>;
}

/** Builds the whole HTTP + Socket.IO application without listening (tests inject their own deps). */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, logger, pool } = deps;
  let accepting = true;
  let redis: RedisLink | null = null;

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: () => deps.pingDatabase().then(() => true) },
    { name: 'mediaWorkers', check: () => pool.isReady() },
  ];
  if (config.redisUrl) readiness.push({ name: 'redis', check: () => redis?.isReady() ?? false });

  const http = createHttpApp({
    logger,
    tokens: deps.tokens,
    rooms: deps.rooms,
    readiness,
    isAccepting: () => accepting,
    clientDir: deps.clientDir,
  });
  // The HTTP app first: Socket.IO wraps the server's request listeners when it attaches.
  const httpServer = createServer(http);
  const io = createSocketServer(httpServer, { tokens: deps.tokens, maxMessageBytes: config.maxMessageBytes });
  const broadcastTo = (roomId: RoomId) => createRoomBroadcast(io, roomId);
  const registry = new RoomRegistry({
    pool,
    transportSettings: {
      listenIp: config.rtc.listenIp,
      // Browsers cannot send to 0.0.0.0. Without an announced address only
      // browsers on this machine can connect; index.ts warns about it.
      announcedIp: config.rtc.announcedIp ?? (config.rtc.listenIp === '0.0.0.0' ? '127.0.0.1' : undefined),
      initialAvailableOutgoingBitrate: 1_000_000,
    },
    stageLimit: config.stageLimit,
    reconnectGraceMs: config.reconnectGraceMs,
    broadcastTo,
    logger,
  });
  // Redis before the handlers: per-person rate budgets are kept there.
  if (config.redisUrl) {
    redis = await attachRedisAdapter(io, { url: config.redisUrl, keyPrefix: config.redisKeyPrefix }, logger);
  }
  const reactions = new ReactionBursts(REACTION_WINDOW_MS, (roomId, counts) =>
    broadcastTo(roomId).toAll('reaction:burst', { counts }),
  );
  const tallyWindow = new Coalescer(TALLY_WINDOW_MS);
  const audit = createAuditLog({ audit: deps.auditEntries, broadcastTo, logger });
  const buzz = new BuzzService({ buzzRounds: deps.buzzRounds, registry, broadcastTo, audit, logger });
  // Recordings a dead process left unfinished are finalised as partial: now, and on every later sweep.
  const sweepRecordings = () =>
    finaliseAbandonedRecordings({ recordings: deps.recordings, logger }, Date.now()).catch((error: unknown) =>
      logger.error({ err: error }, 'abandoned recordings not finalised'),
    );
  await sweepRecordings();
  const recordingSweep = setInterval(() => void sweepRecordings(), HEARTBEAT_EVERY_MS);
  recordingSweep.unref();
  // This process's address as browsers reach it (PUBLIC_URL's default): where a buzz group's members are sent to meet.
  const selfUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const roomHomes = redis
    ? createRedisRoomHomes({ redis: redis.commands, keyPrefix: config.redisKeyPrefix, selfUrl, logger })
    : localRoomHomes;
  handleConnections(io, {
    ...deps,
    registry,
    broadcastTo,
    publicUrl: config.publicUrl,
    audit,
    buzz,
    roomHomes,
    groupAudio: new GroupBroadcaster({ registry, buzzRounds: deps.buzzRounds, logger }),
    reactions,
    tallyWindow,
    rateLimits: new RateLimits(
      config.rateLimits,
      logger,
      redis ? { client: redis.commands, keyPrefix: config.redisKeyPrefix } : undefined,
    ),
  });

  return {
    httpServer,
    io,
    registry,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve((httpServer.address() as AddressInfo).port);
        });
      });
    },
    async shutdown() {
      if (!accepting) return;
      accepting = false;
      logger.info('shutting down');
      io.local.emit('server:shutting-down', { message: 'The server is restarting; you will be reconnected.' });
      registry.closeAll('shutdown');
      reactions.close();
      tallyWindow.close();
      buzz.close();
      clearInterval(recordingSweep);
      roomHomes.close();
      // io.close() disconnects every socket and closes the HTTP server.
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await redis?.close();
      await pool.close();
    },
  };
}
