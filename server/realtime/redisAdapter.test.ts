import { createClient, type RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { catchingPublishes } from './redisAdapter.js';

describe('catchingPublishes', () => {
  // A real node-redis client that is not connected: every command it is given fails, as with Redis gone.
  const closedClient = () => createClient({ url: 'redis://127.0.0.1:1', socket: { reconnectStrategy: false } }) as unknown as RedisClientType;

  it('turns a failed publish into a report, never a rejection', async () => {
    const client = closedClient();
    await expect(client.publish('room', 'hello')).rejects.toThrow();
    const lost: unknown[] = [];
    const publisher = catchingPublishes(client, (error) => lost.push(error));
    await expect(publisher.publish('room', 'hello')).resolves.toBe(0);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(Error);
  });

  it('leaves every other method working on the client itself (node-redis keeps its state in private fields)', async () => {
    const client = closedClient();
    const publisher = catchingPublishes(client, () => undefined);
    expect(publisher.isOpen).toBe(false);
    expect(typeof publisher.sSubscribe).toBe('function');
    // A method reading private fields throws a TypeError if called on the proxy rather than the client.
    await expect(publisher.sendCommand(['PING'])).rejects.toThrow(/closed/i);
  });
});
