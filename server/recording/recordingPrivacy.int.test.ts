import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStatus, RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import type { RecordingDetail } from '../../shared/recordings.js';
import { connectClient, expectOk, issueToken, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

const WAIT = { timeout: 30_000, interval: 100 };
const TEST_TIMEOUT = 90_000;

type RecordingChanged = { recording: RecordingStatus | null; by: string | null };

interface Person {
  socket: TestSocket;
  userId: string;
  token: string;
  joined: RoomJoined;
  /** Every `recording:changed` this person's socket received. */
  told: RecordingChanged[];
}

/**
 * What a recording keeps of people, on the real platform (PostgreSQL,
 * Socket.IO, the recording service, the library's HTTP API): the replay
 * keeps only what people left standing, and who asked not to be recorded is
 * told to nobody but the moderators and themselves. Nobody is on stage, so
 * no media is captured: the timeline is what is checked.
 */
describe('what a recording keeps of people (real server, sockets, PostgreSQL)', () => {
  let platform: TestPlatform;
  let recordingsDir: string;
  let sessionId: RoomId;
  const sockets: TestSocket[] = [];

  const enter = async (name: string, role?: 'moderator'): Promise<Person> => {
    const identity = await issueToken(platform.url, name, role ? await platform.invite(sessionId, role) : undefined);
    const socket = await connectClient(platform.url, name, { token: identity.token });
    sockets.push(socket);
    const told: RecordingChanged[] = [];
    socket.on('recording:changed', (change) => told.push(change));
    const joined = expectOk(await request(socket, 'room:join', { roomId: sessionId }));
    return { socket, userId: joined.self.userId, token: identity.token, joined, told };
  };
  const replay = async (recordingId: string, token?: string) => {
    const response = await fetch(`${platform.url}/api/recordings/${recordingId}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    return { text, detail: JSON.parse(text) as RecordingDetail };
  };
  const recordingEnded = (recordingId: string) =>
    expect.poll(async () => (await platform.db.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } })).state, WAIT).toBe('complete');

  beforeAll(async () => {
    recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'convene-privacy-'));
    platform = await startTestPlatform({ RECORDINGS_DIR: recordingsDir });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = asRoomId(rooms[0]!.id);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
    if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
  });

  it('replays only what people left standing: no deleted, withdrawn or dismissed words, edits as they are now, nothing of someone who opted out', async () => {
    const moderator = await enter('Moira', 'moderator');
    const pat = await enter('Pat');
    const dee = await enter('Dee');
    const olu = await enter('Oluwaseun');
    const say = async (person: Person, body: string) => expectOk(await request(person.socket, 'chat:send', { channel: 'room', body })).messageId;
    const ask = async (person: Person, body: string, isAnonymous = false) =>
      expectOk(await request(person.socket, 'question:ask', { body, isAnonymous })).questionId;

    const { recordingId } = expectOk(await request(moderator.socket, 'recording:start', {}));
    await say(pat, 'Kept: hello from Nairobi');
    const edited = await say(pat, 'First words, since corrected');
    expectOk(await request(pat.socket, 'chat:edit', { messageId: edited, body: 'Corrected words' }));
    const ownDeletion = await say(dee, 'Deleted by its author');
    expectOk(await request(dee.socket, 'chat:delete', { messageId: ownDeletion }));
    const moderated = await say(dee, 'Deleted by a moderator');
    expectOk(await request(moderator.socket, 'chat:delete', { messageId: moderated }));
    const laterDeletion = await say(pat, 'Deleted after the recording ended');
    const laterEdit = await say(dee, 'Edited after the recording ended');
    await ask(pat, 'Kept: how do movements last?');
    await ask(dee, 'Kept, and anonymous: who funds this?', true);
    const withdrawn = await ask(dee, 'Withdrawn by its asker');
    expectOk(await request(dee.socket, 'question:withdraw', { questionId: withdrawn }));
    const dismissed = await ask(pat, 'Dismissed by a moderator');
    expectOk(await request(moderator.socket, 'question:moderate', { questionId: dismissed, action: 'dismiss' }));
    // Olu speaks, asks not to be recorded, speaks and asks again, then allows it again and speaks once more.
    await say(olu, 'Olu before opting out: I work at the ministry');
    expectOk(await request(olu.socket, 'recording:opt-out', { optedOut: true }));
    await say(olu, 'Olu while opted out');
    await ask(olu, 'Olu asks while opted out');
    expectOk(await request(olu.socket, 'recording:opt-out', { optedOut: false }));
    await say(olu, 'Olu after allowing it again');
    expectOk(await request(moderator.socket, 'recording:stop', {}));
    await recordingEnded(recordingId);

    // After the end: a deletion and an edit still reach the replay.
    expectOk(await request(pat.socket, 'chat:delete', { messageId: laterDeletion }));
    expectOk(await request(dee.socket, 'chat:edit', { messageId: laterEdit, body: 'Changed after the end' }));

    const retracted = [
      'First words',
      'Deleted by its author',
      'Deleted by a moderator',
      'Deleted after the recording ended',
      'Edited after the recording ended',
      'Withdrawn by its asker',
      'Dismissed by a moderator',
      'Olu',
      'Oluwaseun',
      'ministry',
    ];
    const expectStanding = ({ text, detail }: { text: string; detail: RecordingDetail }) => {
      for (const words of retracted) expect(text, words).not.toContain(words);
      const chat = detail.timeline.flatMap((entry) => (entry.kind === 'chat' ? [`${entry.author}: ${entry.body}`] : []));
      expect(chat).toEqual(['Pat: Kept: hello from Nairobi', 'Pat: Corrected words', 'Dee: Changed after the end']);
      const questions = detail.timeline.flatMap((entry) => (entry.kind === 'question' ? [`${entry.author}: ${entry.body}`] : []));
      expect(questions).toEqual(['Pat: Kept: how do movements last?', 'null: Kept, and anonymous: who funds this?']);
    };
    // The organisers' replay, at once.
    expectStanding(await replay(recordingId, moderator.token));

    // The public replay, once packaged and opened to everyone.
    await expect
      .poll(async () => (await platform.db.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } })).packageState, WAIT)
      .not.toMatch(/^(waiting|running)$/);
    await platform.db.prisma.recording.update({ where: { id: recordingId }, data: { packageState: 'done', access: 'public' } });
    expectStanding(await replay(recordingId));

    // Nothing retracted is kept anywhere: not in the stored timeline, not in the rows of what was taken back.
    const stored = await platform.db.prisma.recordingTimelineEntry.findMany({ where: { recordingId } });
    const storedText = JSON.stringify(stored.map((entry) => entry.data));
    for (const words of [...retracted, 'Kept', 'Corrected', 'Pat', 'Dee']) expect(storedText, words).not.toContain(words);
    expect(stored.filter((entry) => entry.kind === 'chat')).toHaveLength(9);
    const deleted = await platform.db.prisma.chatMessage.findMany({ where: { id: { in: [ownDeletion, moderated, laterDeletion] } } });
    expect(deleted.map((message) => message.body)).toEqual(['', '', '']);
    expect((await platform.db.prisma.question.findUniqueOrThrow({ where: { id: withdrawn } })).body).toBe('');
  }, TEST_TIMEOUT);

  it("tells who opted out only to the moderators and to that person: another participant's socket never hears of it", async () => {
    const moderator = await enter('Mo', 'moderator');
    const ana = await enter('Ana');
    const ben = await enter('Ben');
    const { recordingId } = expectOk(await request(moderator.socket, 'recording:start', {}));
    await expect.poll(() => ana.told.some((change) => change.recording?.state === 'recording'), WAIT).toBe(true);

    const answer = expectOk(await request(ben.socket, 'recording:opt-out', { optedOut: true }));
    expect(answer.recording).toMatchObject({ recordingId, isOptedOut: true });
    await expect.poll(() => moderator.told.at(-1)?.recording?.optedOut, WAIT).toContain(ben.userId);
    // Someone joining now is told of the recording, and of nobody's choice.
    const late = await enter('Lou');
    expect(late.joined.recording).toMatchObject({ recordingId, state: 'recording', isOptedOut: false });
    expect(late.joined.recording).not.toHaveProperty('optedOut');
    // A moderator joining now is told everyone's.
    expect((await enter('Mo two', 'moderator')).joined.recording?.optedOut).toEqual([ben.userId]);
    // Ben sees their own choice when they come back.
    ben.socket.disconnect();
    const benAgain = await connectClient(platform.url, 'Ben', { token: ben.token });
    sockets.push(benAgain);
    expect(expectOk(await request(benAgain, 'room:join', { roomId: sessionId })).recording).toMatchObject({ isOptedOut: true });

    expectOk(await request(benAgain, 'recording:opt-out', { optedOut: false }));
    expectOk(await request(moderator.socket, 'recording:stop', {}));
    await expect.poll(() => ana.told.at(-1)?.recording, WAIT).toBeNull();

    for (const person of [ana, late]) {
      const heard = JSON.stringify([person.joined.recording, ...person.told]);
      expect(heard).not.toContain(ben.userId);
      for (const change of person.told) expect(change.recording ?? {}).not.toHaveProperty('optedOut');
    }
  }, TEST_TIMEOUT);
});
