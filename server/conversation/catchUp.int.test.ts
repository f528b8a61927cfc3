import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeSequence } from '../../shared/changeSequence.js';
import type { CatchUp } from '../../shared/conversation.js';
import type { RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, issueToken, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';
import { waitUntil } from '../test/roomPeople.js';

/** The server events that carry a change number, and where it is in each. */
const SEQUENCED = {
  'chat:posted': (payload: { changeSeq: number }) => payload.changeSeq,
  'chat:changed': (payload: { changeSeq: number }) => payload.changeSeq,
  'question:asked': (payload: { changeSeq: number }) => payload.changeSeq,
  'question:changed': (payload: { changeSeq: number }) => payload.changeSeq,
  'question:removed': (payload: { changeSeq: number }) => payload.changeSeq,
  'question:upvoted': (payload: { changeSeq: number }) => payload.changeSeq,
  'poll:changed': (payload: { changeSeq: number }) => payload.changeSeq,
  'room:advanced': (payload: { changeSeq: number }) => payload.changeSeq,
} as const;

interface Person {
  socket: TestSocket;
  joined: RoomJoined;
  /** Followed from the join snapshot's head, by every sequenced event this person hears. */
  sequence: ChangeSequence;
}

/**
 * The room's change sequence (shared/changeSequence.ts) on a real server and
 * database: every person hears every number — the change, or only its
 * number when it is not theirs to see — so nobody's sequence has a hole
 * when nothing is lost; and `room:catch-up` answers from the database with
 * exactly what the caller may see.
 */
describe('the room change sequence and catching up', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];
  let moderator: Person;
  let ama: Person;
  let bo: Person;

  async function join(name: string, role?: 'moderator'): Promise<Person> {
    const invitation = role ? await platform.invite(roomId, role) : undefined;
    const { token } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    const sequence = new ChangeSequence();
    for (const [event, numberOf] of Object.entries(SEQUENCED)) {
      (socket as unknown as { on(event: string, listener: (payload: { changeSeq: number }) => void): void }).on(event, (payload) =>
        sequence.saw(numberOf(payload)),
      );
    }
    const joined = expectOk(await request(socket, 'room:join', { roomId }));
    sequence.caughtUpTo(joined.conversation.head);
    return { socket, joined, sequence };
  }

  const head = async () => (await platform.db.prisma.room.findUniqueOrThrow({ where: { id: roomId } })).changeSeq;
  const catchUp = async (person: Person, since: number) => expectOk(await request(person.socket, 'room:catch-up', { since }));
  const changes = (answer: CatchUp) => {
    if ('snapshot' in answer) throw new Error('a snapshot where changes were expected');
    return answer;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ RATE_MESSAGES_PER_10S: '100' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
    moderator = await join('Mona (moderator)', 'moderator');
    ama = await join('Ama');
    bo = await join('Bo');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('every person hears every change number, including the changes they may not see', async () => {
    const start = await head();
    expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'Hello from Accra' }));
    // Ama's thread with the moderators: Bo may not read it, and hears only its number.
    expectOk(await request(ama.socket, 'chat:send', { channel: 'moderators', body: 'Can I ask something privately?' }));
    const question = expectOk(await request(bo.socket, 'question:ask', { body: 'What about funding?', isAnonymous: true }));
    expectOk(await request(ama.socket, 'question:upvote', { questionId: question.questionId, upvote: true }));
    // A draft poll is for the moderators only.
    const poll = expectOk(await request(moderator.socket, 'poll:create', { question: 'Ready?', kind: 'single', options: ['Yes', 'No'] }));
    expectOk(await request(moderator.socket, 'poll:open', { pollId: poll.pollId }));
    expectOk(await request(bo.socket, 'poll:vote', { pollId: poll.pollId, choices: [0] }));
    expectOk(await request(moderator.socket, 'question:moderate', { questionId: question.questionId, action: 'dismiss' }));
    // Eight changes: two messages, a question, its upvote, a poll created and opened, its tally
    // (a moment after the vote, with a number of its own), the dismissal.
    expect(await waitUntil(async () => (await head()) - start === 8, 10_000)).toBe(true);
    const end = await head();
    for (const person of [moderator, ama, bo]) {
      expect(await waitUntil(() => person.sequence.head === end, 10_000), 'every number arrived').toBe(true);
      expect(person.sequence.hasGap).toBe(false);
    }
  });

  it('answers a catch-up from the database with what the caller may see, as it stands now', async () => {
    const since = await head();
    const posted = expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'Posted, then edited' }));
    expectOk(await request(ama.socket, 'chat:edit', { messageId: posted.messageId, body: 'Edited' }));
    const secret = expectOk(await request(ama.socket, 'chat:send', { channel: 'moderators', body: 'Only the moderators' }));
    const asked = expectOk(await request(ama.socket, 'question:ask', { body: 'Dismissed later?', isAnonymous: true }));
    expectOk(await request(moderator.socket, 'question:moderate', { questionId: asked.questionId, action: 'dismiss' }));
    const draft = expectOk(await request(moderator.socket, 'poll:create', { question: 'Draft', kind: 'single', options: ['A', 'B'] }));

    const forBo = changes(await catchUp(bo, since));
    expect(forBo.head).toBe(await head());
    // The edited message once, as it stands, with its author by name only; not Ama's private thread.
    expect(forBo.chat).toEqual([expect.objectContaining({ messageId: posted.messageId, body: 'Edited', author: { displayName: 'Ama', role: 'participant' } })]);
    expect(forBo.questions).toEqual([]);
    expect(forBo.removedQuestions).toEqual([{ questionId: asked.questionId, changeSeq: expect.any(Number) }]);
    expect(forBo.polls).toEqual([]);

    const forAma = changes(await catchUp(ama, since));
    expect(forAma.chat.map((message) => message.messageId)).toEqual([posted.messageId, secret.messageId]);
    // The asker still sees her dismissed question.
    expect(forAma.questions.map((question) => question.questionId)).toEqual([asked.questionId]);

    const forModerator = changes(await catchUp(moderator, since));
    expect(forModerator.polls.map((poll) => poll.pollId)).toEqual([draft.pollId]);
    expect(forModerator.chat.find((message) => message.messageId === secret.messageId)?.author.userId).toBe(ama.joined.self.userId);
    // In change order.
    const numbers = [...forModerator.chat, ...forModerator.questions, ...forModerator.polls].map((record) => record.changeSeq);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(forModerator.chat.map((message) => message.changeSeq)).toEqual([...forModerator.chat.map((message) => message.changeSeq)].sort((a, b) => a - b));
  });

  it('answers with nothing when nothing changed, and with the whole snapshot for a number the room never gave', async () => {
    const now = await head();
    expect(changes(await catchUp(bo, now))).toEqual({ head: now, chat: [], questions: [], removedQuestions: [], polls: [] });
    const whole = await catchUp(bo, now + 1000);
    expect('snapshot' in whole && whole.snapshot.head).toBe(now);
  });

  it('a retried message takes no new number (no hole for anyone), and a newcomer starts from the head', async () => {
    const requestId = '0b4f2c1e-8a9d-4c3b-9f1e-2d7a6b5c4e3f';
    const first = expectOk(await request(bo.socket, 'chat:send', { channel: 'room', body: 'Once', requestId }));
    const before = await head();
    const retried = expectOk(await request(bo.socket, 'chat:send', { channel: 'room', body: 'Once', requestId }));
    expect(retried.changeSeq).toBe(first.changeSeq);
    expect(await head()).toBe(before);
    const newcomer = await join('Chen');
    expect(newcomer.joined.conversation.head).toBe(before);
  });

  it('refuses a malformed catch-up and changes nothing', async () => {
    const before = await head();
    for (const payload of [{}, { since: -1 }, { since: 1.5 }, { since: '3' }, { since: 0, extra: true }]) {
      const answer = await request(bo.socket, 'room:catch-up', payload as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(await head()).toBe(before);
  });
});
