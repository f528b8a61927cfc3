import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFakeParameters as fake } from 'mediasoup-client';
import type * as HttpApi from '../api/httpApi.js';
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
import { TestRoomServer } from './testRoomServer.js';

/**
 * The session against an injected connection: the test plays the server
 * behind the socket functions (TestRoomServer), and the browser's WebRTC
 * engine is mediasoup-client's own FakeHandler, whose transports we can make
 * fail. Everything in between is the real code.
 */
vi.mock('mediasoup-client', async (importOriginal) =>
  (await import('../media/testMediaEngine.js')).withFakeEngine(await importOriginal<typeof MediasoupClient>()),
);

// The account's identity endpoint, answered here (the rest of the HTTP API is the real code, unused by these tests).
const issuedForAccount = vi.hoisted(() => [] as (string | null)[]);
vi.mock('../api/httpApi.js', async (importOriginal) => ({
  ...(await importOriginal<typeof HttpApi>()),
  createAccountIdentity: (forRoom: RoomId | null) => {
    issuedForAccount.push(forRoom);
    return Promise.resolve({
      token: `account-token-for-${forRoom}`,
      identity: { userId: userId(9), displayName: 'Pat Doe', role: 'participant', roomId: forRoom, invitationId: null, accountId: 'account-1' },
    });
  },
}));

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

let server: TestRoomServer;
let store: AppStore;
let session: RoomSession;

beforeEach(() => {
  server = new TestRoomServer();
  resetFakeEngines();
  store = createAppStore('Pat');
  session = new RoomSession(store, server.socketFunctions);
});

afterEach(async () => {
  await session.dispose();
});

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
  server.answer = (event, payload) => {
    switch (event) {
      case 'room:join':
        return joinAnswer();
      case 'room:catch-up':
        // Nothing changed meanwhile.
        return { head: (payload as { since: number }).since, chat: [], questions: [], removedQuestions: [], polls: [] } satisfies CatchUp;
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

/** The server's answers, with those to `event` replaced. */
function answering(event: ClientEventName, answer: (payload: unknown, answered: unknown) => unknown) {
  const previous = server.answer;
  server.answer = (asked, payload) => (asked === event ? answer(payload, previous(asked, payload)) : previous(asked, payload));
}

const transportGone = () => {
  throw new RequestError('NOT_FOUND', 'no such transport');
};

/** The views the session keeps per received video: otherwise invisible, a stale one is a leak. */
const videoViewsOf = (session: RoomSession) => Reflect.get(session, 'videoViews') as Map<ConsumerId, unknown>;

const sent = (event: ClientEventName) => server.sent(event);
/** The rooms asked to join and left, in order. */
const roomRequests = () =>
  server.requests
    .filter((request) => request.event === 'room:join' || request.event === 'room:leave')
    .map((request) => (request.event === 'room:join' ? `join ${(request.payload as { roomId: RoomId }).roomId}` : 'leave'));
const noticeTexts = () => store.getState().notices.map((notice) => notice.text);

function haveIdentity(role: 'participant' | 'moderator' = 'participant') {
  store.getState().setIdentity({
    token: 'identity-token',
    identity: { userId: userId(1), displayName: 'Pat', role, roomId: null, invitationId: null, accountId: null },
  });
}

/** Pat joins the room and the connection comes up. */
async function joinRoom() {
  haveIdentity();
  await session.join(roomId);
  server.connect();
  await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
}

async function joinAndAcceptStageSeat() {
  await joinRoom();
  // Pat receives the speaker's microphone: the receiving transport starts connecting.
  await vi.waitFor(() => expect(store.getState().peers[0]?.consumers).toHaveLength(1));
  fakeEngines[0]!.setConnectionState('connecting');
  // A moderator invited Pat, who accepted: the server moved the seat.
  server.send('peer:updated', { ...self, seat: 'stage' });
  expect(store.getState().self?.seat).toBe('stage');
}

describe('RoomSession joining', () => {
  it('connects to the page’s own server, asks to join once connected, and is joined once media is set up', async () => {
    serve();
    haveIdentity();
    const joining = session.join(roomId);
    expect(store.getState()).toMatchObject({ status: 'joining', roomId });
    await joining;
    expect(server.connections.map((connection) => connection.serverUrl)).toEqual([null]);
    expect(server.connections[0]!.handlers.getToken()).toBe('identity-token');
    expect(sent('room:join')).toEqual([]);

    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(sent('room:join').map((request) => request.payload)).toEqual([{ roomId, requestId: expect.any(String) }]);
    expect(store.getState()).toMatchObject({ selfPeerId: self.peerId, peers: [{ peerId: speaker.peerId }] });
    expect(session.currentMedia?.isOpen).toBe(true);
  });

  it('joins with the identity it holds for the signed-in account in this session', async () => {
    serve();
    store.getState().setAccount({ id: 'account-1', displayName: 'Pat Doe' });
    store.getState().setIdentity({
      token: 'account-token',
      identity: { userId: userId(1), displayName: 'Pat Doe', role: 'moderator', roomId, invitationId: null, accountId: 'account-1' },
    });
    await session.join(roomId);
    expect(server.connections[0]!.handlers.getToken()).toBe('account-token');
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(store.getState().identity?.accountId).toBe('account-1');
    expect(issuedForAccount).toEqual([]);
  });

  it('asks for a new account identity rather than carry another session’s (its user id would link the two)', async () => {
    serve();
    store.getState().setAccount({ id: 'account-1', displayName: 'Pat Doe' });
    const elsewhere = asRoomId('climate-talks');
    store.getState().setIdentity({
      token: 'account-token-elsewhere',
      identity: { userId: userId(1), displayName: 'Pat Doe', role: 'participant', roomId: elsewhere, invitationId: null, accountId: 'account-1' },
    });
    await session.join(roomId);
    expect(issuedForAccount.at(-1)).toBe(roomId);
    expect(server.connections[0]!.handlers.getToken()).toBe(`account-token-for-${roomId}`);
  });

  it('leaves at once, and a join started before the server answered is not undone when it does', async () => {
    serve();
    await joinRoom();
    // The server is slow to answer this leave (the next is answered at once).
    let answerLeave: ((answer: unknown) => void) | null = null;
    answering('room:leave', (_payload, answered) => (answerLeave ? answered : new Promise((resolve) => (answerLeave = resolve))));
    const leaving = session.leave();
    expect(store.getState().status).toBe('left');
    expect(roomRequests()).toEqual([`join ${roomId}`, 'leave']);
    expect(session.currentMedia).toBeNull();

    await session.join(roomId);
    answerLeave!({});
    await leaving;
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(server.connections).toHaveLength(2);
    expect(server.connection).toBe(server.connections[1]);
  });

  it('waits in the lobby, and joins when a moderator lets it in', async () => {
    serve();
    let isAdmitted = false;
    answering('room:join', (_payload, answered) => {
      if (!isAdmitted) throw new RequestError('IN_LOBBY', 'a moderator will let you in');
      return answered;
    });
    haveIdentity();
    await session.join(roomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('waiting'));
    // Moving elsewhere waits for the moderator's answer.
    server.send('buzz:assigned', buzzPlace(0), 1);
    expect(store.getState().status).toBe('waiting');

    isAdmitted = true;
    server.send('lobby:admitted', { roomId });
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(roomRequests()).toEqual([`join ${roomId}`, `join ${groupRoomId(0)}`]);
  });

  it('stays out when a moderator turns it away at the lobby', async () => {
    serve();
    answering('room:join', () => {
      throw new RequestError('IN_LOBBY', 'a moderator will let you in');
    });
    haveIdentity();
    await session.join(roomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('waiting'));

    server.send('lobby:refused', { roomId });
    expect(store.getState()).toMatchObject({ status: 'error', errorMessage: 'A moderator did not let you in to this session.', canRetry: false });
    expect(server.connection).toBeNull();
  });

  it('leaves the room it got into before trying again when its media could not be set up', async () => {
    let created = 0;
    serve({
      createTransport: () => {
        created += 1;
        if (created === 1) throw new RequestError('UNAVAILABLE', 'the media server is busy');
        return fake.generateTransportRemoteParameters();
      },
    });
    haveIdentity();
    await session.join(roomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('rejoining'));
    expect(roomRequests()).toEqual([`join ${roomId}`]);

    await vi.waitFor(() => expect(store.getState().status).toBe('joined'), { timeout: 5_000 });
    // In the room as the server counts it: one room per connection, so it left first.
    expect(roomRequests()).toEqual([`join ${roomId}`, 'leave', `join ${roomId}`]);
    expect(server.connections).toHaveLength(1);
  });
});

describe('RoomSession rejoining after the connection was lost', () => {
  beforeEach(() => serve());

  it('joins the same room again once the connection is back, without leaving first', async () => {
    await joinRoom();
    const media = session.currentMedia!;

    server.drop('transport close');
    expect(store.getState()).toMatchObject({ status: 'rejoining', statusDetail: 'Connection lost. Reconnecting…', peers: [] });
    expect(session.currentMedia).toBeNull();
    expect(media.isOpen).toBe(false);

    server.connection!.handlers.onUnreachable();
    expect(store.getState().statusDetail).toBe('Cannot reach the server. Still trying…');

    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    // socket.io reconnected the same connection; the server dropped our peer with it.
    expect(server.connections).toHaveLength(1);
    expect(roomRequests()).toEqual([`join ${roomId}`, `join ${roomId}`]);
    expect(session.currentMedia?.isOpen).toBe(true);
    expect(session.currentMedia).not.toBe(media);
  });

});

describe('RoomSession when an organiser changes its role', () => {
  beforeEach(() => serve());

  it('takes the new role’s view in place: the same peer and media, no rejoin, and says so', async () => {
    await joinRoom();
    const media = session.currentMedia;

    server.send('role:changed', {
      ...joinAnswer(),
      self: { ...self, role: 'moderator' },
      conversation: snapshot({ head: 4, questions: [question(1)] }),
    });
    expect(store.getState()).toMatchObject({ status: 'joined', self: { role: 'moderator' }, questions: [question(1)] });
    expect(noticeTexts()).toEqual(['The organisers made you a moderator of this session.']);
    expect(session.currentMedia).toBe(media);
    expect(roomRequests()).toEqual([`join ${roomId}`]);
  });

  it('ignores the view of a room it is not in', async () => {
    await joinRoom();
    server.send('role:changed', { ...joinAnswer(), roomId: groupRoomId(3), self: { ...self, role: 'moderator' } });
    expect(store.getState().self?.role).toBe('participant');
    expect(noticeTexts()).toEqual([]);
  });
});

describe('RoomSession when the server restarts', () => {
  beforeEach(() => serve());

  it('waits for the connection to drop and come back, then joins again and catches up from where it was', async () => {
    answering('room:join', (_payload, answered) => ({ ...(answered as RoomJoined), conversation: snapshot({ head: 10 }) }));
    answering('room:catch-up', () => ({ head: 10, chat: [], questions: [], removedQuestions: [], polls: [] }) satisfies CatchUp);
    await joinRoom();

    server.send('server:shutting-down', { message: 'The server is restarting for an update.' });
    server.send('room:closed', { roomId, reason: 'shutdown', rejoin: false });
    expect(store.getState()).toMatchObject({ status: 'rejoining', statusDetail: 'The server is restarting. Reconnecting…', peers: [] });
    expect(session.currentMedia).toBeNull();
    // Not yet: the server is about to drop the connection.
    expect(roomRequests()).toEqual([`join ${roomId}`]);

    server.drop('transport close');
    expect(store.getState()).toMatchObject({ status: 'rejoining', statusDetail: 'The server is restarting. Reconnecting…' });
    server.connect();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', notice: null }));
    expect(roomRequests()).toEqual([`join ${roomId}`, `join ${roomId}`]);
    await vi.waitFor(() => expect(sent('room:catch-up').map((request) => request.payload)).toEqual([{ since: 10 }]));
  });

  it('connects again by itself when the restarting server ended the connection', async () => {
    await joinRoom();
    server.send('server:shutting-down', { message: 'The server is restarting for an update.' });
    server.drop('io server disconnect');
    // socket.io does not reconnect after the server's disconnect: the session asks it to.
    expect(server.connection!.reconnects).toBe(1);
    expect(store.getState()).toMatchObject({ status: 'rejoining', statusDetail: 'The server is restarting. Reconnecting…' });

    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(server.connections).toHaveLength(1);
  });

  it('rejoins at once when the media server restarted under the room', async () => {
    await joinRoom();
    server.send('room:closed', { roomId, reason: 'worker-died', rejoin: true });
    expect(store.getState()).toMatchObject({ status: 'rejoining', statusDetail: 'The media server restarted. Reconnecting…' });
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    // The server took us out already: nothing to leave.
    expect(roomRequests()).toEqual([`join ${roomId}`, `join ${roomId}`]);
  });

  it('rejoins its buzz group when the media server restarted under the group, and stays out when the group’s room closes for good', async () => {
    await joinRoom();
    server.send('buzz:assigned', buzzPlace(0), 1);
    await vi.waitFor(() => expect(roomRequests()).toContain(`join ${groupRoomId(0)}`));
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));

    server.send('room:closed', { roomId: groupRoomId(0), reason: 'worker-died', rejoin: true });
    expect(store.getState().status).toBe('rejoining');
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(roomRequests().filter((request) => request === `join ${groupRoomId(0)}`)).toHaveLength(2);

    server.send('room:closed', { roomId: groupRoomId(0), reason: 'unpublished', rejoin: false });
    expect(store.getState()).toMatchObject({ status: 'error', canRetry: false });
  });

  it('stays out when the server ended the connection without a restart', async () => {
    await joinRoom();
    server.drop('io server disconnect');
    expect(store.getState()).toMatchObject({ status: 'error', errorMessage: 'The server ended your connection. Please reload the page to join again.' });
    expect(server.connection).toBeNull();
    expect(session.currentMedia).toBeNull();
  });
});

describe('RoomSession when removed', () => {
  beforeEach(() => serve());

  it('stays out: the connection and the devices close, and nothing joins again', async () => {
    await joinRoom();
    const closeDevices = vi.spyOn(session.publisher, 'closeAll');
    const removed = server.connection!;

    server.send('room:closed', { roomId, reason: 'removed', rejoin: false });
    expect(store.getState()).toMatchObject({ status: 'error', errorMessage: 'A moderator removed you from this session.', canRetry: false });
    expect(closeDevices).toHaveBeenCalled();
    expect(session.currentMedia).toBeNull();
    expect(server.connection).toBeNull();
    // The old connection has no one listening: a reconnection of it does nothing.
    expect(removed.socket.listeners('connect')).toEqual([]);
    expect(roomRequests()).toEqual([`join ${roomId}`]);
  });

  it('may join again after being replaced by another tab', async () => {
    await joinRoom();
    server.send('room:closed', { roomId, reason: 'replaced', rejoin: false });
    expect(store.getState()).toMatchObject({ status: 'error', canRetry: true });

    await session.join(roomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));
    expect(server.connections).toHaveLength(2);
  });

  it('is refused when it comes back after a lost connection, and stays out', async () => {
    await joinRoom();
    answering('room:join', () => {
      throw new RequestError('FORBIDDEN', 'removed from this room');
    });
    server.drop('transport close');
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('error'));
    expect(store.getState()).toMatchObject({ errorMessage: 'A moderator removed you from this session or did not let you in.', canRetry: false });
    expect(server.connection).toBeNull();
    expect(roomRequests()).toEqual([`join ${roomId}`, `join ${roomId}`]);
  });
});

describe('RoomSession when a media transport cannot connect', () => {
  it('stays in the room with its stage seat, says media failed, and restarts ICE until it connects', async () => {
    serve();
    await joinAndAcceptStageSeat();

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
    await joinAndAcceptStageSeat();
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
    await joinAndAcceptStageSeat();

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
  it('joins again at once, as a participant, and says why', async () => {
    serve();
    let role: 'moderator' | 'participant' = 'moderator';
    answering('room:join', (_payload, answered) => ({ ...(answered as RoomJoined), self: { ...self, role } }));
    store.getState().setIdentity({
      token: 'identity-token',
      identity: { userId: userId(1), displayName: 'Pat', role: 'moderator', roomId, invitationId: 'link-1', accountId: null },
    });
    await session.join(roomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', self: { role: 'moderator' } }));

    role = 'participant';
    server.send('room:closed', { roomId, reason: 'invitation-revoked', rejoin: true });
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', self: { role: 'participant' } }));
    expect(sent('room:join')).toHaveLength(2);
    expect(noticeTexts()).toEqual(['Your moderator link was revoked: you are now a participant.']);
  });
});

describe('RoomSession retrying a join', () => {
  const joinIdsSent = () => sent('room:join').map((request) => (request.payload as { requestId?: string }).requestId);

  it('asks again with the same requestId after a timeout, and with a new one for the next join', async () => {
    serve();
    let joins = 0;
    answering('room:join', (_payload, answered) => {
      // The first join's answer is lost (a stalled server): the server may have let Pat in all the same.
      if (++joins === 1) throw new RequestError('TIMEOUT', 'no answer to room:join');
      return answered;
    });
    haveIdentity();
    await session.join(roomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'), { timeout: 10_000 });
    const [first, retry] = joinIdsSent();
    expect(first).toEqual(expect.any(String));
    expect(retry).toBe(first);

    // Joined: joining again (the server restarted the room) is another join.
    server.send('room:closed', { roomId, reason: 'worker-died', rejoin: true });
    await vi.waitFor(() => expect(sent('room:join')).toHaveLength(3));
    expect(joinIdsSent()[2]).not.toBe(first);
  });
});

describe('RoomSession following the conversation', () => {
  /** The server as `serve()` has it, with each join's snapshot and each catch-up's answer given in turn. */
  function serveConversation(snapshots: ConversationSnapshot[], catchUps: CatchUp[]) {
    serve();
    answering('room:join', (_payload, answered) => ({ ...(answered as RoomJoined), conversation: snapshots.shift() }));
    answering('room:catch-up', () => catchUps.shift());
  }

  const seqs = () => store.getState().chatMessages.map((message) => message.seq);

  it('asks for what a missing change number hid, from the join snapshot’s head', async () => {
    serveConversation(
      [snapshot({ head: 10, chat: { messages: [chatMessage(1, 2, { changeSeq: 10 })], hasMore: false } })],
      [{ head: 12, chat: [chatMessage(2, 2, { changeSeq: 11 })], questions: [], removedQuestions: [], polls: [] }],
    );
    await joinRoom();
    // Change 11's broadcast was lost; 12 says so.
    server.send('chat:posted', chatMessage(3, 2, { changeSeq: 12 }));
    await vi.waitFor(() => expect(sent('room:catch-up').map((r) => r.payload)).toEqual([{ since: 10 }]), { timeout: 5_000 });
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3]));
  });

  it('asks for the live state when one of its numbers is missing, and stops receiving a track that is gone', async () => {
    serveConversation([snapshot()], []);
    // The speaker left the room meanwhile, and a moderator invited Pat; that `peer:left` (number 2) was lost.
    answering('stage:resync', () =>
      stageView({ stamp: { epoch: 'room-1', seq: 3 }, self: { ...self, isInvitedToStage: true }, peers: [], audienceCount: 2 }),
    );
    await joinRoom();
    await vi.waitFor(() => expect(store.getState().peers[0]?.consumers).toHaveLength(1));
    const closeOfProducer = vi.spyOn(session.currentMedia!, 'closeConsumerOfProducer');

    // Numbers of another room (a previous one, another process's) are not ours to follow.
    server.send('audience:counted', { count: 5 }, { epoch: 'room-0', seq: 9 });
    server.send('stage:advanced', { epoch: 'room-1', ranges: [[1, 1]] });
    // Number 2 never arrives; 3 says so.
    server.send('audience:counted', { count: 2 }, { epoch: 'room-1', seq: 3 });
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
    server.send('chat:posted', chatMessage(2, 2, { changeSeq: 11 }));

    server.drop('transport close');
    expect(store.getState().status).toBe('rejoining');
    server.connect();
    await vi.waitFor(() => expect(store.getState().status).toBe('joined'));

    await vi.waitFor(() => expect(sent('room:catch-up').map((r) => r.payload)).toEqual([{ since: 11 }]));
    await vi.waitFor(() => expect(seqs()).toEqual([1, 2, 3, 30]));
    expect(store.getState().questions).toEqual([]);
  });
});

describe('RoomSession in buzz groups', () => {
  /** Where the server has Pat now, and the round as it stands: tests change them as if a message was lost. */
  let buzz: { round: BuzzRound | null; place: BuzzPlace | null; outputs: BuzzOutputs | null };
  /** What `buzz:resync` answers: the server's state as it stands, or what a test holds back. */
  let answerResync: (roomId: RoomId) => unknown;
  /** Pat's role, as the server answers a join. */
  let role: 'participant' | 'moderator';
  const sessionRoomId = roomId;

  /** The session's buzz snapshot as the server makes it in room `roomId` (a group's or the session's own). */
  function buzzIn(roomId: RoomId): BuzzSnapshot {
    const group = buzz.round?.groups.find((g) => g.roomId === roomId) ?? null;
    return buzzSnapshot(sessionRoomId, {
      groupIndex: group?.index ?? null,
      round: buzz.round,
      place: buzz.place,
      outputs: group ? null : buzz.outputs,
    });
  }

  /** The rooms Pat asked to join, in order. */
  const joinedRooms = () => sent('room:join').map((request) => (request.payload as { roomId: RoomId }).roomId);

  beforeEach(() => {
    buzz = { round: buzzRound(), place: buzzPlace(0), outputs: null };
    answerResync = buzzIn;
    role = 'participant';
    serve();
    let lastJoined = sessionRoomId;
    answering('room:join', (payload) => {
      lastJoined = (payload as { roomId: RoomId }).roomId;
      return { ...joinAnswer(), roomId: lastJoined, self: { ...self, role }, buzz: buzzIn(lastJoined) };
    });
    answering('buzz:resync', () => answerResync(lastJoined));
    // Nothing was lost from the conversation here.
    answering('room:catch-up', () => ({ head: 0, chat: [], questions: [], removedQuestions: [], polls: [] }) satisfies CatchUp);
  });

  /** Pat joins the session while groups run, and the join sends Pat on to group 1 (index 0). */
  async function joinGroup() {
    haveIdentity();
    await session.join(sessionRoomId);
    server.connect();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 0 }));
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0)]);
  }

  /** Longer than a check's jitter (up to a second). */
  const AFTER_JITTER = { timeout: 3_000 };

  it('moves to its group and back to the session on the same connection, leaving each room first', async () => {
    await joinGroup();
    expect(session.groupNotes?.roomId).toBe(groupRoomId(0));

    buzz = { round: null, place: null, outputs: buzzOutputs('r1') };
    server.send('buzz:ended', buzzOutputs('r1'), 2);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null, buzzRound: null }));
    expect(roomRequests()).toEqual([`join ${sessionRoomId}`, 'leave', `join ${groupRoomId(0)}`, 'leave', `join ${sessionRoomId}`]);
    expect(server.connections).toHaveLength(1);
    expect(session.groupNotes).toBeNull();
  });

  it('a moderator listens in on a group, joins it on its stage, and returns to the session', async () => {
    role = 'moderator';
    haveIdentity('moderator');
    await session.join(sessionRoomId);
    server.connect();
    // Moderators placed in a group come and go as they choose.
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null }));

    await session.visitGroup(groupRoomId(1), 'Group 2', { listenOnly: true });
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 1 }));
    // The same group, on its stage this time: joined again.
    await session.visitGroup(groupRoomId(1), 'Group 2', { listenOnly: false });
    await vi.waitFor(() => expect(sent('room:join')).toHaveLength(3));
    await session.returnToSession();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null }));
    expect(sent('room:join').map((request) => request.payload)).toEqual([
      { roomId: sessionRoomId, requestId: expect.any(String) },
      { roomId: groupRoomId(1), listenOnly: true, requestId: expect.any(String) },
      { roomId: groupRoomId(1), requestId: expect.any(String) },
      { roomId: sessionRoomId, requestId: expect.any(String) },
    ]);
    expect(sent('room:leave')).toHaveLength(3);
  });

  it('meets its group on the server process its media lives on, and returns to the page’s own server for the session', async () => {
    const groupServer = 'http://127.0.0.1:3101';
    answering('room:join', (payload, answered) => {
      const isGroupHere = (payload as { roomId: RoomId }).roomId === groupRoomId(0) && server.connection?.serverUrl === null;
      if (isGroupHere) throw new RequestError('ELSEWHERE', 'the group is on another process', groupServer);
      return answered;
    });
    haveIdentity();
    await session.join(sessionRoomId);
    server.connect();
    await vi.waitFor(() => expect(server.connections).toHaveLength(2));
    server.connect();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 0 }));

    buzz = { round: null, place: null, outputs: buzzOutputs('r1') };
    server.send('buzz:ended', buzzOutputs('r1'), 2);
    await vi.waitFor(() => expect(server.connections).toHaveLength(3));
    server.connect();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null }));
    expect(server.connections.map((connection) => connection.serverUrl)).toEqual([null, groupServer, null]);
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), groupRoomId(0), sessionRoomId]);
  });

  it('returns to the session when its group ended while the connection was lost', async () => {
    await joinGroup();
    server.drop('transport close');
    answering('room:join', (payload, answered) => {
      if ((payload as { roomId: RoomId }).roomId !== sessionRoomId) throw new RequestError('NOT_FOUND', 'no such group');
      return answered;
    });
    buzz = { round: null, place: null, outputs: buzzOutputs('r1') };
    server.connect();
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null }));
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), groupRoomId(0), sessionRoomId]);
  });

  it('asks for the buzz round, besides the conversation, a moment after the check', async () => {
    await joinGroup();
    server.send('room:check', {});
    await vi.waitFor(() => expect(sent('buzz:resync')).toHaveLength(1), AFTER_JITTER);
    expect(sent('buzz:resync')[0]!.payload).toEqual({});
    await vi.waitFor(() => expect(sent('room:catch-up')).toHaveLength(1), AFTER_JITTER);
  });

  it('moves to the group it was moved to when that message was lost', async () => {
    await joinGroup();
    // A moderator moved Pat to group 2; the `buzz:assigned` never arrived.
    buzz.place = buzzPlace(1);
    server.send('room:check', {});
    await vi.waitFor(() => expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), groupRoomId(1)]), AFTER_JITTER);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 1, buzzPlace: buzzPlace(1) }));
  });

  it('moves to the group it was moved to when a hole in the buzz numbers shows that message was lost', async () => {
    await joinGroup();
    // Number 1 (Pat's `buzz:assigned` to group 2) is lost; number 2, the round, says so.
    buzz.place = buzzPlace(1);
    answerResync = (joinedRoomId) => ({ ...buzzIn(joinedRoomId), seq: 2 });
    server.send('buzz:changed', buzzRound(), 2);
    await vi.waitFor(() => expect(sent('buzz:resync')).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), groupRoomId(1)]));
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: 1, buzzPlace: buzzPlace(1) }));
  });

  it('returns to the main session when the end of the round was lost', async () => {
    await joinGroup();
    buzz.round = null;
    buzz.place = null;
    buzz.outputs = buzzOutputs('r1');
    server.send('room:check', {});
    await vi.waitFor(() => expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0), sessionRoomId]), AFTER_JITTER);
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ status: 'joined', buzzGroupIndex: null, buzzRound: null }));
    expect(store.getState().buzzOutputs).toEqual(buzzOutputs('r1'));
  });

  it('stays where it is when its place did not change, taking the round as it stands but not the notes', async () => {
    await joinGroup();
    const notes = session.groupNotes!;
    const syncNotes = vi.spyOn(notes, 'sync');
    // The moderators gave ten more minutes; the `buzz:changed` never arrived.
    buzz.round = buzzRound({ endsAt: 20 * 60_000 });
    buzz.place = buzzPlace(0, buzz.round);
    const answered = buzzIn(groupRoomId(0));
    answerResync = () => ({ ...answered, notes: new Uint8Array([1, 2, 3]) });
    const leavesBefore = sent('room:leave').length;
    server.send('room:check', {});
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
    server.send('room:check', {});
    await vi.waitFor(() => expect(sent('buzz:resync')).toHaveLength(1), AFTER_JITTER);

    await session.leave();
    buzz.place = buzzPlace(1);
    answerLate(buzzIn(groupRoomId(0)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(joinedRooms()).toEqual([sessionRoomId, groupRoomId(0)]);
    expect(store.getState()).toMatchObject({ status: 'left', buzzRound: null, buzzPlace: null });
  });
});
