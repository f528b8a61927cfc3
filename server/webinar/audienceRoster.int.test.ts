import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEventName, PeerInfo, RequestOf, RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, issueToken, loseConnection, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

interface Person {
  name: string;
  socket: TestSocket;
  token: string;
  joined: RoomJoined;
}

/** Everything one socket hears: its join answer, every event and every ack. */
interface Witness extends Person {
  heard: { event: string; payload: unknown }[];
  /** Sends a contract event, keeping its ack with what was heard. */
  send<E extends ClientEventName>(event: E, payload: RequestOf<E>): ReturnType<typeof request<E>>;
}

/** What a witness must never have heard of someone: their name, user id and peer id. */
const traces = (person: Person) => [person.name, person.joined.self.userId, person.joined.self.peerId];

function leaksOf(witness: Witness, people: Person[], traced = traces): string[] {
  const text = JSON.stringify(witness.heard);
  return people.flatMap(traced).filter((trace) => text.includes(trace));
}

/** What a witness must never have heard of someone whose words carry their name: their ids. */
const ids = (person: Person) => [person.joined.self.userId, person.joined.self.peerId];

/**
 * The audience roster's privacy over real sockets and the real server: a
 * participant hears the stage, the moderators and how many are in the
 * audience, never who, whatever happens around them; moderators always see
 * everyone; a room whose moderators chose "everyone can see who is here"
 * shows its audience to everyone.
 */
describe('the audience roster (real server and sockets)', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  let buzzSessionId: RoomId;
  const sockets: TestSocket[] = [];

  async function join(name: string, options: { role?: 'moderator' | 'speaker'; room?: RoomId } = {}): Promise<Person> {
    const room = options.room ?? roomId;
    const invitation = options.role ? await platform.invite(room, options.role) : undefined;
    const { token } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    const joined = expectOk(await request(socket, 'room:join', { roomId: room }));
    return { name, socket, token, joined };
  }

  /** Joins as a witness: listening to everything from before its join. */
  async function witness(name: string, options: { role?: 'moderator' | 'speaker'; room?: RoomId } = {}): Promise<Witness> {
    const room = options.room ?? roomId;
    const invitation = options.role ? await platform.invite(room, options.role) : undefined;
    const { token } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    const heard: Witness['heard'] = [];
    socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
    const send = async <E extends ClientEventName>(event: E, payload: RequestOf<E>) => {
      const ack = await request(socket, event, payload);
      heard.push({ event: `ack of ${event}`, payload: ack });
      return ack;
    };
    const answer = await request(socket, 'room:join', { roomId: room });
    heard.push({ event: 'ack of room:join', payload: answer });
    return { name, socket, token, joined: expectOk(answer), heard, send: send as Witness['send'] };
  }

  /** The last audience count a socket heard, once it equals `count`. */
  async function audienceCountReaches(person: Witness, count: number): Promise<void> {
    await expect
      .poll(() => person.heard.filter((entry) => entry.event === 'audience:counted').map((entry) => (entry.payload as { count: number }).count).at(-1))
      .toBe(count);
  }

  beforeAll(async () => {
    platform = await startTestPlatform({
      STAGE_LIMIT: '4',
      RECONNECT_GRACE_MS: '60000',
      // Many joins in quick succession are this test, not an abuse (the address budgets are lifted for every test).
      RATE_JOINS_PER_10S: '1000000',
    });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = asRoomId(rooms[0]!.id);
    buzzSessionId = asRoomId(rooms.find((room) => room.id === 'buzz-groups')?.id ?? rooms[1]!.id);
  });

  beforeEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await expect.poll(() => platform.app.registry.size, { timeout: 60_000 }).toBe(0);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('a participant hears the stage, the moderators and a count, never another audience member, whatever happens', async () => {
    const mo = await join('Moana Moderator', { role: 'moderator' });
    const sara = await witness('Sara Speaker', { role: 'speaker' });
    const dana = await join('Dana Earlybird');
    const pat = await witness('Pat Witness');
    const ama = await join('Ama Handraiser');
    const bea = await join('Bea Decliner');
    const chen = await join('Chen Accepter');
    const eve = await join('Eve Removed');
    const hidden = [dana, ama, bea, eve];

    // The join answer: the stage and the moderators, the caller, and how many are in the audience.
    expect(pat.joined.peers.map((peer) => peer.displayName).sort()).toEqual(['Moana Moderator', 'Sara Speaker']);
    expect(pat.joined.audienceCount).toBe(2);
    expect(await pat.send('peers:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Hands go up and down; a moderator invites, one declines, one accepts.
    expectOk(await request(ama.socket, 'hand:raise', {}));
    expectOk(await request(bea.socket, 'hand:raise', {}));
    expectOk(await pat.send('hand:raise', {}));
    expectOk(await request(mo.socket, 'moderation:lower-hand', { peerId: ama.joined.self.peerId }));
    const invited = nextEvent(bea.socket, 'stage:invited');
    expectOk(await request(mo.socket, 'stage:invite', { peerId: bea.joined.self.peerId }));
    expect(await invited).toEqual({ by: 'Moana Moderator' });
    const declined = nextEvent(mo.socket, 'stage:declined');
    expectOk(await request(bea.socket, 'stage:respond', { accept: false }));
    await declined;
    expectOk(await request(mo.socket, 'stage:invite', { peerId: chen.joined.self.peerId }));
    const chenOnStage = new Promise<PeerInfo>((resolve) =>
      pat.socket.on('peer:updated', (peer) => peer.peerId === chen.joined.self.peerId && peer.seat === 'stage' && resolve(peer)),
    );
    expectOk(await request(chen.socket, 'stage:respond', { accept: true }));
    // Someone on stage is seen by all.
    expect(await chenOnStage).toMatchObject({ displayName: 'Chen Accepter', seat: 'stage' });

    // The conversation around them: an anonymous question, upvotes, reactions, a poll, a muted chat, the lobby.
    expectOk(await request(bea.socket, 'question:ask', { body: 'Who pays for this?', isAnonymous: true }));
    const ownQuestion = expectOk(await pat.send('question:ask', { body: 'When is the next one?', isAnonymous: false }));
    expectOk(await request(ama.socket, 'question:upvote', { questionId: ownQuestion.questionId, upvote: true }));
    expectOk(await request(ama.socket, 'reaction:send', { reaction: 'clap' }));
    const poll = expectOk(await request(mo.socket, 'poll:create', { question: 'Which?', kind: 'single', options: ['a', 'b'] }));
    expectOk(await request(mo.socket, 'poll:open', { pollId: poll.pollId }));
    expectOk(await request(ama.socket, 'poll:vote', { pollId: poll.pollId, choices: [1] }));
    expectOk(await request(mo.socket, 'poll:share-results', { pollId: poll.pollId, shared: true }));
    expectOk(await request(mo.socket, 'chat:mute-person', { userId: bea.joined.self.userId, muted: true }));
    expectOk(await request(mo.socket, 'room:set-controls', { hasLobby: true }));
    const knocking = await connectClient(platform.url, 'Fay Knocker');
    sockets.push(knocking);
    expect(await request(knocking, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'IN_LOBBY' } });
    expectOk(await request(mo.socket, 'room:set-controls', { hasLobby: false }));

    // Someone loses the connection and comes back; someone is removed; someone leaves.
    loseConnection(ama.socket);
    const amaBack = await connectClient(platform.url, ama.name, { token: ama.token });
    sockets.push(amaBack);
    expectOk(await request(amaBack, 'room:join', { roomId }));
    expectOk(await request(mo.socket, 'moderation:remove', { peerId: eve.joined.self.peerId }));
    dana.socket.disconnect();

    // Chen steps down, Pat gets their own record all along, and the count follows: Ama, Bea, Chen, Pat.
    expectOk(await request(chen.socket, 'stage:leave', {}));
    await audienceCountReaches(pat, 4);
    expect(pat.heard.some((entry) => entry.event === 'peer:updated' && (entry.payload as PeerInfo).peerId === pat.joined.self.peerId)).toBe(true);
    // A chat message and a round trip, so that everything sent before has arrived.
    expectOk(await pat.send('chat:send', { channel: 'room', body: 'Thank you all' }));
    expectOk(await pat.send('chat:history', { channel: 'room' }));

    expect(leaksOf(pat, hidden)).toEqual([]);
    // A speaker is no moderator: the same holds on stage.
    expectOk(await sara.send('chat:history', { channel: 'room' }));
    expect(leaksOf(sara, hidden)).toEqual([]);
    await audienceCountReaches(sara, 4);

    // Moderators see everyone: a moderator joining now gets every raised hand at once and the rest a page at a time.
    const mia = await join('Mia Moderator', { role: 'moderator' });
    expect(mia.joined.peers.map((peer) => peer.displayName).sort()).toEqual([
      'Bea Decliner',
      'Moana Moderator',
      'Pat Witness',
      'Sara Speaker',
    ]);
    const page = expectOk(await request(mia.socket, 'peers:list', { limit: 2 }));
    const rest = expectOk(await request(mia.socket, 'peers:list', { after: page.next! }));
    expect([...page.peers, ...rest.peers].map((peer) => peer.displayName)).toEqual([
      'Pat Witness',
      'Ama Handraiser',
      'Bea Decliner',
      'Chen Accepter',
    ]);
    expect(rest.next).toBeNull();
  });

  it('a chat message or a question carries its author’s name to the audience, never their id', async () => {
    const mo = await witness('Moana Moderator', { role: 'moderator' });
    const sara = await witness('Sara Speaker', { role: 'speaker' });
    const pat = await witness('Pat Witness');
    const gia = await witness('Gia Chatter');
    const hal = await join('Hal Asker');
    const ivy = await join('Ivy Anonymous');

    // Hidden audience members write: a message edited, another deleted by a moderator, a named question moderated.
    const said = expectOk(await gia.send('chat:send', { channel: 'room', body: 'Greetings from Lagos' }));
    expect(said.author.userId).toBe(gia.joined.self.userId);
    expectOk(await gia.send('chat:edit', { messageId: said.messageId, body: 'Greetings from Lagos!' }));
    const regret = expectOk(await gia.send('chat:send', { channel: 'room', body: 'my number is 0712' }));
    expectOk(await mo.send('chat:delete', { messageId: regret.messageId }));
    const asked = expectOk(await request(hal.socket, 'question:ask', { body: 'Is this recorded?', isAnonymous: false }));
    expectOk(await mo.send('question:moderate', { questionId: asked.questionId, action: 'pin' }));
    expectOk(await request(ivy.socket, 'question:ask', { body: 'Who pays?', isAnonymous: true }));
    expectOk(await request(ivy.socket, 'chat:send', { channel: 'moderators', body: 'Can I speak?' }));
    // A moderator answers Pat privately; Pat writes back.
    expectOk(await mo.send('chat:send', { channel: 'moderators', threadId: pat.joined.self.userId, body: 'Welcome, Pat' }));
    expectOk(await pat.send('chat:send', { channel: 'moderators', body: 'Thanks' }));

    // Everything arrived (one process emits in order), and the history and a newcomer's answer say the same.
    expectOk(await pat.send('chat:history', { channel: 'room' }));
    expectOk(await pat.send('chat:history', { channel: 'moderators' }));
    expectOk(await sara.send('chat:history', { channel: 'room' }));
    const quinn = await witness('Quinn Late');
    for (const someone of [pat, sara, quinn]) {
      const text = JSON.stringify(someone.heard);
      // The names are there, as their authors chose; the ids are not.
      expect(text, someone.name).toContain('Gia Chatter');
      expect(text, someone.name).toContain('Hal Asker');
      expect(leaksOf(someone, [gia, hal, ivy], ids), someone.name).toEqual([]);
      expect(leaksOf(someone, [ivy]), someone.name).toEqual([]);
    }
    // The moderators and the authors themselves still get the ids (editing one's own, moderating, threads).
    expect(leaksOf(mo, [gia, hal, ivy], (person) => [person.joined.self.userId]).sort()).toEqual(
      [gia, hal, ivy].map((person) => person.joined.self.userId).sort(),
    );
    expect(quinn.joined.conversation.chat.messages.find((m) => m.messageId === said.messageId)?.author).toEqual({
      displayName: 'Gia Chatter',
      role: 'participant',
    });
    const giaBack = expectOk(await gia.send('chat:history', { channel: 'room' }));
    expect(giaBack.messages.find((m) => m.messageId === said.messageId)?.author.userId).toBe(gia.joined.self.userId);
  });

  it('when the moderators let everyone see who is here, the audience is listed to all, live and a page at a time', async () => {
    const mo = await join('Moana Moderator', { role: 'moderator' });
    const ama = await join('Ama Early');
    const pat = await witness('Pat Witness');
    expect(pat.joined.peers.map((peer) => peer.displayName)).toEqual(['Moana Moderator']);

    const opened = nextEvent(pat.socket, 'room:controls-changed');
    expect(expectOk(await request(mo.socket, 'room:set-controls', { isRosterVisible: true }))).toMatchObject({ isRosterVisible: true });
    expect(await opened).toMatchObject({ isRosterVisible: true });
    const audited = await platform.db.prisma.auditEntry.findMany({ select: { detail: true } });
    expect(audited.map((entry) => entry.detail)).toContain('everyone sees who is here: on');

    const page = expectOk(await pat.send('peers:list', {}));
    expect(page.peers.map((peer) => peer.displayName)).toEqual(['Ama Early', 'Pat Witness']);
    expect(page.next).toBeNull();
    const gusJoined = nextEvent(pat.socket, 'peer:joined');
    const gus = await join('Gus Late');
    expect(await gusJoined).toMatchObject({ displayName: 'Gus Late', seat: 'audience' });
    const handUp = new Promise<PeerInfo>((resolve) =>
      pat.socket.on('peer:updated', (peer) => peer.peerId === ama.joined.self.peerId && resolve(peer)),
    );
    expectOk(await request(ama.socket, 'hand:raise', {}));
    expect((await handUp).handRaisedAt).not.toBeNull();
    // A newcomer hears of no audience member in the answer itself, only their number.
    expect(gus.joined.peers.map((peer) => peer.displayName)).toEqual(['Moana Moderator']);
    expect(gus.joined.audienceCount).toBe(3);

    // Closed again: participants hear no more of the audience.
    expectOk(await request(mo.socket, 'room:set-controls', { isRosterVisible: false }));
    expect(await pat.send('peers:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const mark = pat.heard.length;
    expectOk(await request(ama.socket, 'hand:lower', {}));
    expectOk(await request(gus.socket, 'hand:raise', {}));
    expectOk(await pat.send('chat:history', { channel: 'room' }));
    const after: Witness = { ...pat, heard: pat.heard.slice(mark) };
    expect(leaksOf(after, [ama, gus])).toEqual([]);
  });

  it('in a large room the batched arrivals and departures follow the same rule', async () => {
    const mo = await join('Moana Moderator', { role: 'moderator' });
    const pat = await witness('Pat Witness');
    const crowd: Person[] = [];
    for (let batch = 0; batch < 11; batch++) {
      crowd.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => join(`Crowd Member ${batch * 10 + i}`)))));
    }
    const batched = new Promise<void>((resolve) => mo.socket.on('peers:changed', () => resolve()));
    for (const person of crowd.slice(0, 20)) person.socket.disconnect();
    await batched;
    await audienceCountReaches(pat, 91);
    expectOk(await pat.send('chat:history', { channel: 'room' }));
    expect(leaksOf(pat, crowd)).toEqual([]);
  });

  it('buzz groups are all on stage: members see each other, the main session hears no names', async () => {
    const mo = await join('Moana Moderator', { role: 'moderator', room: buzzSessionId });
    const pat = await witness('Pat Witness', { room: buzzSessionId });
    const ama = await join('Ama Chooser', { room: buzzSessionId });
    const bea = await join('Bea Chooser', { room: buzzSessionId });
    expectOk(await request(mo.socket, 'buzz:draft', { split: { groups: 2 }, method: 'self-select' }));
    expectOk(await request(mo.socket, 'buzz:start', { durationMs: 600_000 }));
    const place = expectOk(await request(ama.socket, 'buzz:choose', { toGroup: 0 }));
    expectOk(await request(bea.socket, 'buzz:choose', { toGroup: 0 }));
    expectOk(await request(ama.socket, 'room:leave', {}));
    expectOk(await request(ama.socket, 'room:join', { roomId: place.group!.roomId! }));
    expectOk(await request(bea.socket, 'room:leave', {}));
    const inGroup = expectOk(await request(bea.socket, 'room:join', { roomId: place.group!.roomId! }));
    // In the group, everyone sees everyone.
    expect(inGroup.peers.map((peer) => peer.displayName)).toContain('Ama Chooser');
    expectOk(await request(mo.socket, 'buzz:end', { countdownMs: 0 }));
    expectOk(await pat.send('chat:history', { channel: 'room' }));
    await expect.poll(() => pat.heard.some((entry) => entry.event === 'buzz:ended')).toBe(true);
    expect(leaksOf(pat, [ama, bea])).toEqual([]);
  });
});
