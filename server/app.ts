import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import { createHttpApp, type ReadinessCheck } from './http/routes.js';
import type { Logger } from './logger.js';
import { RoomRegistry } from './media/roomRegistry.js';
import type { WorkerPool } from './media/workerPool.js';
import { attachRedisAdapter, type RedisLink } from './realtime/redisAdapter.js';
import { createRoomBroadcast } from './realtime/roomBroadcast.js';
import { createSocketServer, handleConnections } from './realtime/socketServer.js';
import type { AppServer } from './realtime/types.js';
import type { RemovalRepository } from './db/removalRepository.js';
import type { RoomRepository } from './db/roomRepository.js';
import type { RoomId } from '../shared/ids.js';

export interface AppDeps {
  config: Pick<Config, 'redisUrl' | 'rtc' | 'publicUrl' | 'stageLimit' | 'reconnectGraceMs'>;
  logger: Logger;
  tokens: TokenService;
  rooms: RoomRepository;
  removals: RemovalRepository;
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
  const io = createSocketServer(httpServer, deps);
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
  handleConnections(io, { ...deps, registry, broadcastTo, publicUrl: config.publicUrl });

  if (config.redisUrl) redis = await attachRedisAdapter(io, config.redisUrl, logger);

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
