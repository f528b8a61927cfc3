import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/conversation.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { startServerPair, type ServerPair } from '../test/redis.js';
import type { ServerProcess } from '../test/serverProcess.js';
import { expectOk, nextEvent, request } from '../test/testClient.js';

/**
 * What every joiner reads is cached on each process (server/rooms/joinCache.ts);
 * with two processes on Redis, a change made on one holds on the other at
 * once: a lock, a lobby, the roster rule, a removal (also for a client
 * that asks to come back the moment it is told), a new message.
 */
describe('the join cache across two server processes on Redis', () => {
  let pair: ServerPair;
  let first: ServerProcess;
  let second: ServerProcess;
  let roomId: RoomId;

  const connect = (server: ServerProcess, name: string, options: { token?: string; moderator?: boolean } = {}) =>
    pair.connect(server, name, { token: options.token, moderatorOf: options.moderator ? roomId : undefined });

  const joinAt = async (server: ServerProcess, name: string) => {
    const person = await connect(server, name);
    return { ...person, answer: await request(person.socket, 'room:join', { roomId }) };
  };

  beforeAll(async () => {
    pair = await startServerPair({
      LOG_LEVEL: 'warn',
      RATE_JOINS_PER_10S: '1000000',
    });
    ({ first, second } = pair);
    const rooms = (await (await fetch(`${first.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('a lock, a lobby and the roster rule set on one process hold on the other before the moderator is answered', async () => {
    const moderator = await connect(first, 'Mona', { moderator: true });
    expectOk(await request(moderator.socket, 'room:join', { roomId }));
    // The second process has read the room (it is cached there now).
    const pat = await joinAt(second, 'Pat');
    const ama = await joinAt(second, 'Ama');
    expectOk(pat.answer);
    expectOk(ama.answer);

    expectOk(await request(moderator.socket, 'room:set-controls', { isLocked: true }));
    expect((await joinAt(second, 'Locked out')).answer).toMatchObject({ ok: false, error: { code: 'ROOM_LOCKED' } });
    expectOk(await request(moderator.socket, 'room:set-controls', { isLocked: false, hasLobby: true }));
    expect((await joinAt(second, 'Waiting')).answer).toMatchObject({ ok: false, error: { code: 'IN_LOBBY' } });
    expectOk(await request(moderator.socket, 'room:set-controls', { hasLobby: false }));
    expectOk((await joinAt(second, 'Welcome')).answer);

    // The roster opened on the first process: the room on the second shows its audience at once.
    expect(await request(pat.socket, 'peers:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expectOk(await request(moderator.socket, 'room:set-controls', { isRosterVisible: true }));
    const page = expectOk(await request(pat.socket, 'peers:list', {}));
    expect(page.peers.map((peer) => peer.displayName)).toEqual(expect.arrayContaining(['Pat', 'Ama', 'Welcome']));
    const handUp = new Promise<string>((resolve) => pat.socket.on('peer:updated', (peer) => resolve(peer.displayName)));
    expectOk(await request(ama.socket, 'hand:raise', {}));
    expect(await handUp).toBe('Ama');
    expectOk(await request(moderator.socket, 'room:set-controls', { isRosterVisible: false }));
    expect(await request(pat.socket, 'peers:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('new messages posted on one process reach the next joiner on the other', async () => {
    const moderator = await connect(first, 'Moses', { moderator: true });
    expectOk(await request(moderator.socket, 'room:join', { roomId }));
    expectOk((await joinAt(second, 'Reader')).answer);

    // A message posted on the first process: the next joiner on the second has it, in the answer or right after.
    for (let i = 0; i < 5; i++) {
      const body = `Round ${i}`;
      const poster = await joinAt(first, `Poster ${i}`);
      expectOk(poster.answer);
      expectOk(await request(poster.socket, 'chat:send', { channel: 'room', body }));
      const newcomer = await connect(second, `Newcomer ${i}`);
      const heard: ChatMessage[] = [];
      newcomer.socket.on('chat:posted', (message) => heard.push(message));
      const joined = expectOk(await request(newcomer.socket, 'room:join', { roomId }));
      await expect.poll(() => [...joined.conversation.chat.messages, ...heard].some((message) => message.body === body)).toBe(true);
    }

  });

  it('refuses a removed person who asks to come back the moment they are told, on either process', async () => {
    const moderator = await connect(first, 'Maud', { moderator: true });
    expectOk(await request(moderator.socket, 'room:join', { roomId }));
    const refused = { ok: false, error: { code: 'FORBIDDEN' } };
    // Several times: each removal finds who is barred already read (cached) on both processes.
    for (let i = 0; i < 3; i++) {
      const rex = await joinAt(first, `Rex ${i}`);
      const rexId = expectOk(rex.answer).self.peerId;
      expectOk((await joinAt(second, `Bystander ${i}`)).answer);
      const elsewhere = await connect(second, `Rex ${i}`, { token: rex.token });
      // A client that asks again on `room:closed`, before the moderator is even answered.
      const rejoined = new Promise<unknown[]>((resolve) => {
        rex.socket.once('room:closed', () => {
          resolve(
            Promise.all([
              request(rex.socket, 'room:join', { roomId }),
              request(elsewhere.socket, 'room:join', { roomId }),
            ]),
          );
        });
      });
      const removed = request(moderator.socket, 'moderation:remove', { peerId: rexId });
      const [here, there] = await rejoined;
      expectOk(await removed);
      expect(here, `Rex ${i} on the same process`).toMatchObject(refused);
      expect(there, `Rex ${i} on the other process`).toMatchObject(refused);
    }

    // Re-admitted on the first process: welcome on the second as soon as the moderator is answered.
    const list = nextEvent(moderator.socket, 'moderation:removed-changed');
    const rose = await joinAt(first, 'Rose');
    expectOk((await joinAt(second, 'Witness')).answer);
    expectOk(await request(moderator.socket, 'moderation:remove', { peerId: expectOk(rose.answer).self.peerId }));
    const { removalId } = (await list).removed.find((person) => person.displayName === 'Rose')!;
    expectOk(await request(moderator.socket, 'moderation:readmit', { removalId }));
    const back = await connect(second, 'Rose', { token: rose.token });
    expectOk(await request(back.socket, 'room:join', { roomId }));
  });
});
