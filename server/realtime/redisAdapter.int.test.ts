import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import { requireRedis, startServerPair, type ServerPair } from '../test/redis.js';
import type { ServerProcess } from '../test/serverProcess.js';
import { connectClient, expectOk, nextEvent, request, type TestSocket } from '../test/testClient.js';

describe('two server processes on Redis', () => {
  let pair: ServerPair;
  let first: ServerProcess;
  let second: ServerProcess;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    pair = await startServerPair();
    ({ first, second } = pair);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await pair?.stop();
  });

  it('delivers a room broadcast from one process to a socket on the other, also after Redis drops the subscriber', async () => {
    const rooms = (await (await fetch(`${first.url}/api/rooms`)).json()) as RoomSummary[];
    const roomId = rooms[0]!.id as never;
    // A moderator: only moderators hear of audience members coming and going.
    const invitation = await pair.invite(roomId, 'moderator');
    const onFirst = await connectClient(first.url, 'Kathmandu', { invitation });
    const onSecond = await connectClient(second.url, 'Nairobi');
    sockets.push(onFirst, onSecond);

    expectOk(await request(onFirst, 'room:join', { roomId }));
    const joined = nextEvent(onFirst, 'peer:joined');
    expectOk(await request(onSecond, 'room:join', { roomId }));
    expect((await joined).displayName).toBe('Nairobi');

    // Cut every subscriber connection on the Redis server: both processes
    // must reconnect and subscribe again for broadcasts to keep flowing.
    const admin = await requireRedis();
    const killed = Number(await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']));
    await admin.quit();
    expect(killed).toBeGreaterThanOrEqual(2);

    const left = nextEvent(onFirst, 'peer:left', 30_000);
    // Until the subscriber is back, a broadcast would be lost: retry the
    // leave/join cycle until one arrives (bounded by the event timeout).
    const cycle = async (): Promise<void> => {
      expectOk(await request(onSecond, 'room:leave', {}));
      const arrived = await Promise.race([left.then(() => true), new Promise((r) => setTimeout(() => r(false), 1000))]);
      if (!arrived) {
        expectOk(await request(onSecond, 'room:join', { roomId }));
        return cycle();
      }
    };
    await cycle();
    expect(await left).toHaveProperty('peerId');
  });
});
