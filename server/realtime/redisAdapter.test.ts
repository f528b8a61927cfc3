import { createClient, type RedisClientType } from 'redis';
import { describe, expect, it, vi } from 'vitest';
import { catchingPublishes, whenPublishing } from './redisAdapter.js';

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

describe('whenPublishing', () => {
  /** A client whose pings fail `failures` times, then answer. */
  const flakyClient = (failures: number) => {
    const client = {
      isOpen: true,
      pings: 0,
      ping: () => (++client.pings <= failures ? Promise.reject(new Error('timeout')) : Promise.resolve('PONG')),
    };
    return client;
  };

  it('calls back once Redis answers again, probing one at a time however many publishes were lost', async () => {
    vi.useFakeTimers();
    try {
      const client = flakyClient(2);
      let told = 0;
      for (let lost = 0; lost < 5; lost += 1) whenPublishing(client, () => (told += 1));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(told).toBe(1);
      expect(client.pings).toBe(3);
      // A later loss starts a new probe.
      whenPublishing(client, () => (told += 1));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(told).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops probing a client that was closed (the process is stopping)', async () => {
    vi.useFakeTimers();
    try {
      const client = flakyClient(Infinity);
      let told = 0;
      whenPublishing(client, () => (told += 1));
      await vi.advanceTimersByTimeAsync(3_500);
      client.isOpen = false;
      await vi.advanceTimersByTimeAsync(10_000);
      expect(told).toBe(0);
      expect(client.pings).toBeLessThanOrEqual(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
