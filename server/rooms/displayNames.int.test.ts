import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, issueToken, loseConnection, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/**
 * Display names (issue 13, A9) on the real server: what is stored and
 * broadcast is the cleaned name, and nobody new may join under a name that
 * looks like a moderator's or speaker's in the room.
 */
describe('display names', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];

  async function connect(name: string, role?: 'moderator' | 'speaker') {
    const invitation = role ? await platform.invite(roomId, role) : undefined;
    const issued = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token: issued.token });
    sockets.push(socket);
    return { socket, ...issued };
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('stores and broadcasts names without bidi overrides, invisible characters or extra spaces', async () => {
    const moderator = await connect('Mona', 'moderator');
    expectOk(await request(moderator.socket, 'room:join', { roomId }));

    const ama = await connect('\u202EAma\u200B \u2066 Owusu\u2069\u00AD 👩🏽‍⚕️ ');
    expect(ama.identity.displayName).toBe('Ama Owusu 👩🏽‍⚕️');
    const seenByModerator = nextEvent(moderator.socket, 'peer:joined');
    const joined = expectOk(await request(ama.socket, 'room:join', { roomId }));
    expect(joined.self.displayName).toBe('Ama Owusu 👩🏽‍⚕️');
    expect((await seenByModerator).displayName).toBe('Ama Owusu 👩🏽‍⚕️');

    const posted = nextEvent(moderator.socket, 'chat:posted');
    expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'Hello' }));
    expect((await posted).author).toMatchObject({ displayName: 'Ama Owusu 👩🏽‍⚕️', role: 'participant' });

    await expect
      .poll(async () => (await platform.db.prisma.roomVisit.findMany({ where: { userId: ama.identity.userId } })).map((v) => v.displayName))
      .toEqual(['Ama Owusu 👩🏽‍⚕️']);
  });

  it('refuses a name with nothing visible in it, saying so', async () => {
    const response = await fetch(`${platform.url}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: '\u200B\u202E \u2066\uFEFF' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_PAYLOAD');
    // Said by key, as every shared schema says it: the client puts it in the person's language.
    expect(body.error.message).toBe('displayName: invalid.nameEmpty');
  });

  it("refuses NAME_TAKEN to a newcomer whose name looks like a moderator's or speaker's, and changes nothing", async () => {
    const grace = await connect('Grace Mensah', 'moderator');
    expectOk(await request(grace.socket, 'room:join', { roomId }));
    const kofi = await connect('Kofi Annan', 'speaker');
    expectOk(await request(kofi.socket, 'room:join', { roomId }));
    const joinedAlerts: string[] = [];
    grace.socket.on('peer:joined', (peer) => joinedAlerts.push(peer.displayName));

    // Cyrillic а, upper case with a zero-width space, and a speaker's name.
    const impostorIds: string[] = [];
    for (const name of ['Gr\u0430ce Mensah', 'GRACE\u200B MENSAH', 'kofi annan']) {
      const impostor = await connect(name);
      impostorIds.push(impostor.identity.userId);
      const ack = await request(impostor.socket, 'room:join', { roomId });
      expect(ack.ok, name).toBe(false);
      if (!ack.ok) {
        expect(ack.error.code).toBe('NAME_TAKEN');
        expect(ack.error.message).toMatch(/moderator|speaker/);
      }
      // Not in the room: nothing else is allowed, and the next join with another name works.
      expect((await request(impostor.socket, 'chat:send', { channel: 'room', body: 'I am the moderator' })).ok).toBe(false);
    }
    expect(await platform.db.prisma.roomVisit.count({ where: { userId: { in: impostorIds } } })).toBe(0);

    // Another name gets in at once.
    const honest = await connect('Grace from Accra');
    expectOk(await request(honest.socket, 'room:join', { roomId }));
    await expect.poll(() => joinedAlerts).toEqual(['Grace from Accra']);
  });

  it('lets someone already in the room back in when a moderator with the same name arrived meanwhile', async () => {
    const bo = await connect('Bo Lindqvist');
    expectOk(await request(bo.socket, 'room:join', { roomId }));
    const moderator = await connect('Bo Lindqvist', 'moderator');
    expectOk(await request(moderator.socket, 'room:join', { roomId }));

    loseConnection(bo.socket);
    const back = await connectClient(platform.url, 'Bo Lindqvist', { token: bo.token });
    sockets.push(back);
    const rejoined = expectOk(await request(back, 'room:join', { roomId }));
    expect(rejoined.self.userId).toBe(bo.identity.userId);
  });
});
