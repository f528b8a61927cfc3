import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { AppServer } from './types.js';

export interface RedisLink {
  isReady(): boolean;
  /** A connection for ordinary commands (the publishing one; the other only subscribes). */
  commands: RedisClientType;
  close(): Promise<void>;
}

/**
 * Connects Socket.IO to Redis so that broadcasts reach sockets on every
 * process. node-redis reconnects by itself and subscribes again after a
 * reconnect, so a Redis restart interrupts broadcasts only while it is down.
 */
export async function attachRedisAdapter(
  io: AppServer,
  { url, keyPrefix }: { url: string; keyPrefix: string },
  logger: Logger,
): Promise<RedisLink> {
  const pub = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });
  const sub = pub.duplicate();
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    client.on('error', (error: unknown) => logger.warn({ err: error, client: name }, 'redis error'));
    client.on('reconnecting', () => logger.warn({ client: name }, 'redis reconnecting'));
    client.on('ready', () => logger.info({ client: name }, 'redis ready'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: `${keyPrefix}:socket.io` }));
  return {
    isReady: () => pub.isReady && sub.isReady,
    commands: pub as unknown as RedisClientType,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
