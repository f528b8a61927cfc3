import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFakeParameters as fake } from 'mediasoup-client';
import type * as MediasoupClient from 'mediasoup-client';
import type { BuzzOutputs, BuzzPlace, BuzzRound, BuzzSnapshot } from '../../../shared/buzz.js';
import type { CatchUp, ConversationSnapshot } from '../../../shared/conversation.js';
import type { ClientEventName, RoomJoined, StageView } from '../../../shared/events.js';
import { asRoomId, type ConsumerId, type RoomId } from '../../../shared/ids.js';
import { fakeEngines, resetFakeEngines } from '../media/testMediaEngine.js';
import { RequestError } from '../realtime/requestError.js';
import { createAppStore, type AppStore } from '../store/appStore.js';
import { buzzOutputs, buzzPlace, buzzRound, buzzSnapshot, groupRoomId } from '../store/testBuzz.js';
import { chatMessage, question, questionId, snapshot } from '../store/testConversation.js';
import { consumerId, peer, producer, userId } from '../store/testPeople.js';
import { RoomSession } from './RoomSession.js';

/**
 * The session against an injected connection: the socket module is replaced
 * by a fake server answering each request (recorded in `requests`), and the
 * browser's WebRTC engine by mediasoup-client's own FakeHandler, whose
 * transports we can make fail. Everything in between is the real code.
 */
const fakes = vi.hoisted(() => ({
  socket: null as EventEmitter | null,
  requests: [] as { event: string; payload: unknown }[],
  answer: null as ((event: string, payload: unknown) => unknown) | null,
}));

vi.mock('../realtime/socket.js', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  return {
    openSocket: () => {
      const socket = Object.assign(new Emitter(), { connected: true, connect: () => undefined, disconnect: () => undefined });
      fakes.socket = socket;
      return socket;
    },
    closeSocket: () => {
      fakes.socket = null;
    },
    request: (event: string, payload: unknown) => {
      fakes.requests.push({ event, payload });
      try {
        return Promise.resolve(fakes.answer!(event, payload));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
});

vi.mock('mediasoup-client', async (importOriginal) =>
  (await import('../media/testMediaEngine.js')).withFakeEngine(await importOriginal<typeof MediasoupClient>()),
);

const roomId = asRoomId('people-power');
const self = peer(1, 'Pat');
const speaker = peer(2, 'Sara', { role: 'speaker', seat: 'stage', producers: [producer(2, 1, { kind: 'audio', source: 'microphone' })] });

function joinAnswer(): RoomJoined {
  return {
    roomId,
    self,
    peers: [speaker],
    audienceCount: 1,
    routerRtpCapabilities: fake.generateRouterRtpCapabilities() as RoomJoined['routerRtpCapabilities'],
    stageLimit: 12,
    activeSpeakerId: null,
    removed: [],
    conversation: snapshot(),
    buzz: { seq: 0, sessionId: roomId, groupIndex: null, round: null, place: null, outputs: null, notes: null, presence: null, serverNow: 0 },
    recording: null,
    stage: { epoch: 'room-1', seq: 0 },
  };
}

/** The live state as the join told it (what `stage:resync` answers when nothing changed). */
function stageView(changes: Partial<StageView> = {}): StageView {
  const { self: me, peers, audienceCount, activeSpeakerId, stage } = joinAnswer();
  return { stamp: stage, self: me, peers, audienceCount, activeSpeakerId, ...changes };
}

interface ServerBehaviour {
  /** What an ICE restart gets. */
  restartIce?: () => unknown;
  /** What opening a transport gets. */
  createTransport?: () => unknown;
}

/** The server's answers. */
function serve({
  restartIce = () => ({ iceParameters: fake.generateTransportRemoteParameters().iceParameters }),
  createTransport = () => fake.generateTransportRemoteParameters(),
}: ServerBehaviour = {}) {
  let consumers = 0;
  fakes.answer = (event: string) => {
    switch (event as ClientEventName) {
      case 'room:join':
        return joinAnswer();
      case 'transport:create':
        return createTransport();
      case 'transport:restart-ice':
        return restartIce();
      case 'stage:resync':
        return stageView();
      case 'media:consume': {
        consumers += 1;
        const { rtpParameters } = fake.generateConsumerRemoteParameters({ codecMimeType: 'audio/opus' });
        return { consumerId: consumerId(consumers), producerId: speaker.producers[0]!.producerId, peerId: speaker.peerId, kind: 'audio', source: 'microphone', rtpParameters };
      }
      default:
        return {};
    }
  };
}

const transportGone = () => {
  throw new RequestError('NOT_FOUND', 'no such transport');
};

/** The views the session keeps per received video: otherwise invisible, a stale one is a leak. */
const videoViewsOf = (session: RoomSession) => Reflect.get(session, 'videoViews') as Map<ConsumerId, unknown>;

const sent = (event: ClientEventName) => fakes.requests.filter((request) => request.event === event);

async function joinAndAcceptStageSeat(store: AppStore, session: RoomSession) {
  store.getState().setIdentity({
    token: 'identity-token',
    identity: { userId: userId(1), displayName: 'Pat', role: 'participant', roomId: null, invitationId: null },
  });
  await session.join(roomId);
  fakes.socket!.emit('connect');
  await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
  // Pat receives the speaker's microphone: the receiving transport starts connecting.
  await vi.waitFor(() => expect(store.getState().peers[0]?.consumers).toHaveLength(1));
  fakeEngines[0]!.setConnectionState('connecting');
  // A moderator invited Pat, who accepted: the server moved the seat.
  fakes.socket!.emit('peer:updated', { ...self, seat: 'stage' });
  expect(store.getState().self?.seat).toBe('stage');
}

describe('RoomSession when a media transport cannot connect', () => {
  let store: AppStore;
  let session: RoomSession;

  beforeEach(() => {
    fakes.requests = [];
    resetFakeEngines();
    store = createAppStore('Pat');
    session = new RoomSession(store);
  });

  afterEach(async () => {
    await session.dispose();
  });

  it('stays in the room with its stage seat, says media failed, and restarts ICE until it connects', async () => {
    serve();
    await joinAndAcceptStageSeat(store, session);

    fakeEngines[0]!.setConnectionState('failed');
    // Still in the room (no leave, no new join), the seat just accepted kept, and told what is wrong.
    await Promise.resolve();
    expect(sent('room:leave')).toHaveLength(0);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' }, mediaLink: 'failed' });
    await vi.waitFor(() => expect(sent('transport:restart-ice')).toHaveLength(1), { timeout: 5_000 });
    expect(store.getState().mediaLink).toBe('retrying');

    fakeEngines[0]!.setConnectionState('connected');
    expect(store.getState().mediaLink).toBe('ok');
    // Never left nor joined again: the seat just accepted is still ours.
    expect(sent('room:leave')).toHaveLength(0);
    expect(sent('room:join')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' } });
  });

  it('opens a new receiving transport when the server no longer has the old one, and receives again', async () => {
    serve({ restartIce: transportGone });
    await joinAndAcceptStageSeat(store, session);
    // The speaker's tile reports how it shows their video (here, their microphone's consumer stands in).
    session.setVideoView(consumerId(1), { isVisible: true, width: 640 });

    fakeEngines[0]!.setConnectionState('failed');
    // "Try again" does not wait for the backoff.
    session.retryMedia();
    await vi.waitFor(() => expect(sent('transport:create')).toHaveLength(2));
    await vi.waitFor(() => expect(sent('media:consume')).toHaveLength(2));
    await vi.waitFor(() => expect(store.getState().peers[0]?.consumers.map((c) => c.consumerId)).toEqual([consumerId(2)]));
    // The old consumer's view went with it (a long session replaces transports many times).
    expect([...videoViewsOf(session).keys()]).not.toContain(consumerId(1));
    fakeEngines[1]!.setConnectionState('connected');
    expect(store.getState().mediaLink).toBe('ok');
    expect(sent('room:leave')).toHaveLength(0);
    expect(sent('room:join')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' } });
  });

  it('opens the receiving transport on a later attempt when its replacement could not be opened at first', async () => {
    let created = 0;
    serve({
      restartIce: transportGone,
      createTransport: () => {
        created += 1;
        // The replacement's first request is refused (a busy server; a timeout does the same).
        if (created === 2) throw new RequestError('RATE_LIMITED', 'too many requests');
        return fake.generateTransportRemoteParameters();
      },
    });
    await joinAndAcceptStageSeat(store, session);

    fakeEngines[0]!.setConnectionState('failed');
    session.retryMedia();
    await vi.waitFor(() => expect(sent('transport:create')).toHaveLength(2));
    await vi.waitFor(() => expect(store.getState().mediaLink).toBe('failed'));

    // The next attempt (the person's here; the backoff's alike) opens it and receives again.
    session.retryMedia();
    await vi.waitFor(() => expect(sent('transport:create')).toHaveLength(3));
    await vi.waitFor(() => expect(store.getState().peers[0]?.consumers.map((c) => c.consumerId)).toEqual([consumerId(2)]));
    expect(session.currentMedia?.isOpen).toBe(true);
    fakeEngines[1]!.setConnectionState('connecting');
    fakeEngines[1]!.setConnectionState('connected');
    expect(store.getState().mediaLink).toBe('ok');
    expect(sent('room:join')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' } });
  });
});

describe('RoomSession when a moderator revokes the link its role came from', () => {
  let store: AppStore;
  let session: RoomSession;

  beforeEach(() => {
    fakes.requests = [];
    resetFakeEngines();
    store = createAppStore('Pat');
    session = new RoomSession(store);
  });

  afterEach(async () => {
    await session.dispose();
  });

  it('joins again at once, as a participant, and says why', async () => {
    serve();
    const answer = fakes.answer!;
    let role: 'moderator' | 'participant' = 'moderator';
    fakes.answer = (event, payload) => {
      const answered = answer(event, payload);
      return event === 'room:join' ? { ...(answered as RoomJoined), self: { ...self, role } } : answered;
    };
    store.getState().setIdentity({
      token: 'identity-token',
      identity: { userId: userId(1), displayName: 'Pat', role: 'moderator', roomId, invitationId: 'link-1' },
    });
    await session.join(roomId);
    fakes.socket!.emit('connect');
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', self: { role: 'moderator' } }));

    role = 'participant';
    fakes.socket!.emit('room:closed', { roomId, reason: 'invitation-revoked', rejoin: true });
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', self: { role: 'participant' } }));
    expect(sent('room:join')).toHaveLength(2);
    expect(store.getState().notices.map((notice) => notice.text)).toEqual([
      'Your moderator link was revoked: you are now a participant.',
    ]);
  });
});

describe('RoomSession retrying a join', () => {
  let store: AppStore;
  let session: RoomSession;

  beforeEach(() => {
    fakes.requests = [];
    resetFakeEngines();
    store = createAppStore('Pat');
    session = new RoomSession(store);
  });

  afterEach(async () => {
    await session.dispose();
  });

  const joinIdsSent = () => sent('room:join').map((request) => (request.payload as { requestId?: string }).requestId);

  it('asks again with the same requestId after a timeout, and with a new one for the next join', async () => {
    serve();
    const answer = fakes.answer!;
    let joins = 0;
    fakes.answer = (event, payload) => {
      // The first join's answer is lost (a stalled server): the server may have let Pat in all the same.
      if (event === 'room:join' && ++joins === 1) throw new RequestError('TIMEOUT', 'no answer to room:join');
      return answer(event, payload);
    };
    store.getState().setIdentity({
      token: 'identity-token',
      identity: { userId: userId(1), displayName: 'Pat', role: 'participant', roomId: null, invitationId: null },
    });
    await session.join(roomId);
    fakes.socket!.emit('connect');
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'), { timeout: 10_000 });
    const [first, retry] = joinIdsSent();
    expect(first).toEqual(expect.any(String));
    expect(retry).toBe(first);

    // Joined: joining again (the server restarted the room) is another join.
    fakes.socket!.emit('room:closed', { roomId, reason: 'worker-died', rejoin: true });
    await vi.waitFor(() => expect(sent('room:join')).toHaveLength(3));
    expect(joinIdsSent()[2]).not.toBe(first);
  });
});

describe('RoomSession following the conversation', () => {
  let store: AppStore;
  let session: RoomSession;

  beforeEach(() => {
    fakes.requests = [];
    resetFakeEngines();
    store = createAppStore('Pat');
    session = new RoomSession(store);
  });

  afterEach(async () => {
    await session.dispose();
  });

  /** The server as `serve()` has it, with each join's snapshot and each catch-up's answer given in turn. */
  function serveConversation(snapshots: ConversationSnapshot[], catchUps: CatchUp[]) {
    serve();
    const answer = fakes.answer!;
    fakes.answer = (event, payload) => {
      if (event === 'room:join') return { ...joinAnswer(), conversation: snapshots.shift() };
      if (event === 'room:catch-up') return catchUps.shift();
      return answer(event, payload);
    };
  }

  async function joinRoom() {
    store.getState().setIdentity({
      token: 'identity-token',
      identity: { userId: userId(1), displayName: 'Pat', role: 'participant', roomId: null, invitationId: null },
    });
    await session.join(roomId);
    fakes.socket!.emit('connect');
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
  }

  const seqs = () => store.getState().chatMessages.map((message) => message.seq);

  it('asks for what a missing change number hid, from the join snapshot’s head', async () => {
    serveConversation(
      [snapshot({ head: 10, chat: { messages: [chatMessage(1, 2, { changeSeq: 10 })], hasMore: false } })],
      [{ head: 12, chat: [chatMessage(2, 2, { changeSeq: 11 })], questions: [], removedQuestions: [], polls: [] }],
    );
    await joinRoom();
    // Change 11's broadcast was lost; 12 says so.
    fakes.socket!.emit('chat:posted', chatMessage(3, 2, { changeSeq: 12 }));
    await vi.waitFor(() => expect(sent('room:catch-up').map((r) => r.payload)).toEqual([{ since: 10 }]), { timeout: 5_000 });
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3]));
  });

  it('asks for the live state when one of its numbers is missing, and stops receiving a track that is gone', async () => {
    serveConversation([snapshot()], []);
    const answer = fakes.answer!;
    // The speaker left the room meanwhile, and a moderator invited Pat; that `peer:left` (number 2) was lost.
    fakes.answer = (event, payload) =>
      event === 'stage:resync'
        ? stageView({ stamp: { epoch: 'room-1', seq: 3 }, self: { ...self, isInvitedToStage: true }, peers: [], audienceCount: 2 })
        : answer(event, payload);
    await joinRoom();
    await vi.waitFor(() => expect(store.getState().peers[0]?.consumers).toHaveLength(1));
    const closeOfProducer = vi.spyOn(session.currentMedia!, 'closeConsumerOfProducer');

    // Numbers of another room (a previous one, another process's) are not ours to follow.
    fakes.socket!.emit('audience:counted', { count: 5 }, { epoch: 'room-0', seq: 9 });
    fakes.socket!.emit('stage:advanced', { epoch: 'room-1', ranges: [[1, 1]] });
    // Number 2 never arrives; 3 says so.
    fakes.socket!.emit('audience:counted', { count: 2 }, { epoch: 'room-1', seq: 3 });
    await vi.waitFor(() => expect(sent('stage:resync')).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(store.getState().peers).toEqual([]));
    expect(closeOfProducer).toHaveBeenCalledWith(speaker.producers[0]!.producerId);
    expect(store.getState().audienceCount).toBe(2);
    // Invited meanwhile (that `stage:invited` was lost too): asked now, without a name.
    expect(store.getState().stageInvitationBy).toBe('');
  });

  it('after a lost connection, keeps the chat held and asks at once for everything since the last number it held', async () => {
    serveConversation(
      [
        snapshot({ head: 10, chat: { messages: [chatMessage(1, 2, { changeSeq: 10 })], hasMore: false }, questions: [question(1)] }),
        // Back: only the latest page, and question 1 withdrawn meanwhile.
        snapshot({ head: 40, chat: { messages: [chatMessage(30, 2, { changeSeq: 40 })], hasMore: true } }),
      ],
      [{ head: 40, chat: [chatMessage(3, 3, { changeSeq: 12 })], questions: [], removedQuestions: [{ questionId: questionId(1), changeSeq: 13 }], polls: [] }],
    );
    await joinRoom();
    fakes.socket!.emit('chat:posted', chatMessage(2, 2, { changeSeq: 11 }));

    fakes.socket!.emit('disconnect', 'transport close');
    expect(store.getState().status).toBe('rejoining');
    fakes.socket!.emit('connect');
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));

    await vi.waitFor(() => expect(sent('room:catch-up').map((r) => r.payload)).toEqual([{ since: 11 }]));
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3, 30]));
    expect(store.getState().questions).toEqual([]);
  });
});

describe('RoomSession in buzz groups after the server says broadcasts may have been lost', () => {
  let store: AppStore;
  let session: RoomSession;
  /** Where the server has Pat now, and the round as it stands: tests change them as if a message was lost. */
  let server: { round: BuzzRound | null; place: BuzzPlace | null; outputs: BuzzOutputs | null };
  /** What `buzz:resync` answers: the server's state as it stands, or what a test holds back. */
  let answerResync: (roomId: RoomId) => unknown;

  /** The session's buzz snapshot as the server makes it in room `roomId` (a group's or the session's own). */
  function buzzIn(roomId: RoomId): BuzzSnapshot {
    const group = server.round?.groups.find((g) => g.roomId === roomId) ?? null;
    return buzzSnapshot(sessionRoomId, {
      groupIndex: group?.index ?? null,
      round: server.round,
      place: server.place,
      outputs: group ? null : server.outputs,
    });
  }

  /** The rooms Pat asked to join, in order. */
  const joinedRooms = () => sent('room:join').map((request) => (request.payload as { roomId: RoomId }).roomId);
  const sessionRoomId = roomId;

  beforeEach(() => {
    fakes.requests = [];
    resetFakeEngines();
    store = createAppStore('Pat');
    session = new RoomSession(store);
    server = { round: buzzRound(), place: buzzPlace(0), outputs: null };
    answerResync = buzzIn;
    serve();
    const answer = fakes.answer!;
    let lastJoined = sessionRoomId;
    fakes.answer = (event, payload) => {
      if (event === 'room:join') {
        lastJoined = (payload as { roomId: RoomId }).roomId;
        return { ...joinAnswer(), roomId: lastJoined, buzz: buzzIn(lastJoined) };
      }
      if (event === 'buzz:resync') return answerResync(lastJoined);
      // Nothing was lost from the conversation here.
      if (event === 'room:catch-up') return { head: 0, chat: [], questions: [], removedQuestions: [], polls: [] } satisfies CatchUp;
      return answer(event, payload);
    };
  });

  afterEach(async () => {
    await session.dispose();
  });

  /** Pat joins the session while groups run, and the join sends Pat on to group 1 (index 0). */
  async function joinGroup() {
    store.getState().setIdentity({
      token: 'identity-token',
      identity: { userId: userId(1), displayName: 'Pat', role: 'participant', roomId: null, invitationId: null },
    });
    await session.join(sessionRoomId);
    fakes.socket!.emit('connect');
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 0 }));
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0)]);
  }

  /** Longer than a check's jitter (up to a second). */
  const AFTER_JITTER = { timeout: 3_000 };

  it('asks for the buzz round, besides the conversation, a moment after the check', async () => {
    await joinGroup();
    fakes.socket!.emit('room:check');
    await vi.waitFor(() => expect(sent('buzz:resync')).toHaveLength(1), AFTER_JITTER);
    expect(sent('buzz:resync')[0]!.payload).toEqual({});
    await vi.waitFor(() => expect(sent('room:catch-up')).toHaveLength(1), AFTER_JITTER);
  });

  it('moves to the group it was moved to when that message was lost', async () => {
    await joinGroup();
    // A moderator moved Pat to group 2; the `buzz:assigned` never arrived.
    server.place = buzzPlace(1);
    fakes.socket!.emit('room:check');
    await vi.waitFor(() => expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), groupRoomId(1)]), AFTER_JITTER);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 1, buzzPlace: buzzPlace(1) }));
  });

  it('moves to the group it was moved to when a hole in the buzz numbers shows that message was lost', async () => {
    await joinGroup();
    // Number 1 (Pat's `buzz:assigned` to group 2) is lost; number 2, the round, says so.
    server.place = buzzPlace(1);
    answerResync = (joinedRoomId) => ({ ...buzzIn(joinedRoomId), seq: 2 });
    fakes.socket!.emit('buzz:changed', buzzRound(), 2);
    await vi.waitFor(() => expect(sent('buzz:resync')).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), groupRoomId(1)]));
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 1, buzzPlace: buzzPlace(1) }));
  });

  it('returns to the main session when the end of the round was lost', async () => {
    await joinGroup();
    server.round = null;
    server.place = null;
    server.outputs = buzzOutputs('r1');
    fakes.socket!.emit('room:check');
    await vi.waitFor(() => expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), sessionRoomId]), AFTER_JITTER);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null, buzzRound: null }));
    expect(store.getState().buzzOutputs).toEqual(buzzOutputs('r1'));
  });

  it('stays where it is when its place did not change, taking the round as it stands but not the notes', async () => {
    await joinGroup();
    const notes = session.groupNotes!;
    const syncNotes = vi.spyOn(notes, 'sync');
    // The moderators gave ten more minutes; the `buzz:changed` never arrived.
    server.round = buzzRound({ endsAt: 20 * 60_000 });
    server.place = buzzPlace(0, server.round);
    const answered = buzzIn(groupRoomId(0));
    answerResync = () => ({ ...answered, notes: new Uint8Array([1, 2, 3]) });
    const leavesBefore = sent('room:leave').length;
    fakes.socket!.emit('room:check');
    await vi.waitFor(() => expect(store.getState().buzzRound?.endsAt).toBe(20 * 60_000), AFTER_JITTER);
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0)]);
    expect(sent('room:leave')).toHaveLength(leavesBefore);
    expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 0, buzzPlace: buzzPlace(0) });
    expect(session.groupNotes).toBe(notes);
    expect(syncNotes).not.toHaveBeenCalled();
  });

  it('ignores an answer that arrives after leaving', async () => {
    await joinGroup();
    let answerLate: (snapshot: BuzzSnapshot) => void = () => undefined;
    answerResync = () => new Promise<BuzzSnapshot>((resolve) => (answerLate = resolve));
    fakes.socket!.emit('room:check');
    await vi.waitFor(() => expect(sent('buzz:resync')).toHaveLength(1), AFTER_JITTER);

    await session.leave();
    server.place = buzzPlace(1);
    answerLate(buzzIn(groupRoomId(0)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0)]);
    expect(store.getState()).toMatchObject({ status: 'left', buzzRound: null, buzzPlace: null });
  });
});
