import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { followBuzzNumbers } from '../test/buzzNumbers.js';
import { connectClient, expectOk, issueToken, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** One person, and what they heard of the session's buzz numbers in their current stay. */
interface Person {
  name: string;
  socket: TestSocket;
  userId: string;
  joined: RoomJoined;
  numbers: ReturnType<typeof followBuzzNumbers>;
}

/**
 * A session's buzz sequence over real sockets, the real server and
 * database: every change numbered, everyone told every number once (the
 * change if it concerns them, else the number alone), in the main session
 * and in the groups, and a resync answered as of the latest.
 */
describe('buzz groups numbered (real server and database)', () => {
  let platform: TestPlatform;
  let sessionId: RoomId;
  const sockets: TestSocket[] = [];

  const lastNumber = async () =>
    (await platform.db.prisma.room.findUniqueOrThrow({ where: { id: sessionId }, select: { buzzSeq: true } })).buzzSeq;

  async function join(name: string, role?: 'moderator'): Promise<Person> {
    const invitation = role ? await platform.invite(sessionId, role) : undefined;
    const { token } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    const joined = expectOk(await request(socket, 'room:join', { roomId: sessionId }));
    const person: Person = { name, socket, userId: joined.self.userId, joined, numbers: followBuzzNumbers(socket, joined.buzz.seq) };
    return person;
  }

  /** Leaves the current room and enters another on the same connection, as the client does. */
  async function moveTo(person: Person, roomId: RoomId): Promise<void> {
    expectOk(await request(person.socket, 'room:leave', {}));
    person.joined = expectOk(await request(person.socket, 'room:join', { roomId }));
    person.numbers.restart(person.joined.buzz.seq);
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = asRoomId(rooms[3]!.id);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('numbers every change and tells everyone each number once, in the session and in the groups', async () => {
    const moderator = await join('Mod', 'moderator');
    const people = await Promise.all(['Ama', 'Bo', 'Chen', 'Dee'].map((name) => join(name)));
    const everyone = [moderator, ...people];
    const first = await lastNumber();
    const [ama, bo, chen, dee] = people as [Person, Person, Person, Person];
    const holdTheLatest = async () => {
      const last = await lastNumber();
      await expect.poll(() => everyone.filter((person) => person.numbers.sequence.head !== last).map((p) => p.name)).toEqual([]);
      for (const person of everyone) {
        expect(person.numbers.sequence.hasGap, person.name).toBe(false);
        expect(person.numbers.twice, person.name).toEqual([]);
      }
      return last;
    };

    // A draft: the moderators see it, everyone else only its number.
    const plan = {
      groups: [
        { name: 'Land rights', prompt: '', facilitatorUserId: null, members: [ama.userId, bo.userId] },
        { name: 'Climate', prompt: '', facilitatorUserId: null, members: [chen.userId, dee.userId] },
      ],
      lateArrivals: 'assign' as const,
      selfSelectCap: null,
    };
    expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 2 }, method: 'balanced' }));
    expectOk(await request(moderator.socket, 'buzz:update-draft', plan));
    // Start: the places (one number), then the round (the next).
    const running = expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 10 * 60_000 }));
    expect(await holdTheLatest()).toBe(first + 4);

    const [land, climate] = running.groups.map((group) => group.roomId!) as [RoomId, RoomId];
    for (const [index, person] of people.entries()) await moveTo(person, index < 2 ? land : climate);
    expect(people.map((person) => person.joined.buzz.seq)).toEqual(people.map(() => first + 4));

    // In the groups: a move (Bo's place, then the round), a help call, more time, the end.
    expectOk(await request(moderator.socket, 'buzz:move', { userId: bo.userId, toGroup: 1 }));
    expectOk(await request(chen.socket, 'buzz:call-help', {}));
    expectOk(await request(moderator.socket, 'buzz:extend', { byMs: 5 * 60_000 }));
    expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 0 }));
    expect(await holdTheLatest()).toBe(first + 9);

    // A resync answers as of the latest number, with what it holds.
    const resynced = expectOk(await request(ama.socket, 'buzz:resync', {}));
    expect(resynced).toMatchObject({ seq: first + 9, round: null, groupIndex: 0 });
    for (const person of people) await moveTo(person, sessionId);
    expect(dee.joined.buzz).toMatchObject({ seq: first + 9, round: null });
  });
});
