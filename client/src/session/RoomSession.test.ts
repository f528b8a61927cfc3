import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFakeParameters as fake, type FakeHandler } from 'mediasoup-client';
import type * as MediasoupClient from 'mediasoup-client';
import type { ClientEventName, RoomJoined } from '../../../shared/events.js';
import { asRoomId } from '../../../shared/ids.js';
import { RequestError } from '../realtime/requestError.js';
import { createAppStore, type AppStore } from '../store/appStore.js';
import { snapshot } from '../store/testConversation.js';
import { peer, producer, userId } from '../store/testPeople.js';
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
  /** Every transport's engine, in the order the transports were created. */
  handlers: [] as FakeHandler[],
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

vi.mock('mediasoup-client', async (importOriginal) => {
  const real = await importOriginal<typeof MediasoupClient>();
  const engine = real.FakeHandler.createFactory(real.testFakeParameters);
  class FakeEngineDevice extends real.Device {
    constructor() {
      super({
        handlerFactory: {
          ...engine,
          factory: (options) => {
            const handler = engine.factory(options);
            fakes.handlers.push(handler as FakeHandler);
            return handler;
          },
        },
      });
    }
  }
  return { ...real, Device: FakeEngineDevice };
});

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
    buzz: { sessionId: roomId, groupIndex: null, round: null, place: null, outputs: null, notes: null, presence: null, serverNow: 0 },
    recording: null,
  };
}

/** The server's answers; `restartIce` decides what an ICE restart gets. */
function serve(restartIce: () => unknown = () => ({ iceParameters: fake.generateTransportRemoteParameters().iceParameters })) {
  let consumers = 0;
  fakes.answer = (event: string) => {
    switch (event as ClientEventName) {
      case 'room:join':
        return joinAnswer();
      case 'transport:create':
        return fake.generateTransportRemoteParameters();
      case 'transport:restart-ice':
        return restartIce();
      case 'media:consume': {
        consumers += 1;
        const { rtpParameters } = fake.generateConsumerRemoteParameters({ codecMimeType: 'audio/opus' });
        const consumerId = `20000000-0000-4000-8000-00000000000${consumers}`;
        return { consumerId, producerId: speaker.producers[0]!.producerId, peerId: speaker.peerId, kind: 'audio', source: 'microphone', rtpParameters };
      }
      default:
        return {};
    }
  };
}

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
  fakes.handlers[0]!.setConnectionState('connecting');
  // A moderator invited Pat, who accepted: the server moved the seat.
  fakes.socket!.emit('peer:updated', { ...self, seat: 'stage' });
  expect(store.getState().self?.seat).toBe('stage');
}

describe('RoomSession when a media transport cannot connect', () => {
  let store: AppStore;
  let session: RoomSession;

  beforeEach(() => {
    fakes.requests = [];
    fakes.handlers = [];
    store = createAppStore('Pat');
    session = new RoomSession(store);
  });

  afterEach(async () => {
    await session.dispose();
  });

  it('stays in the room with its stage seat, says media failed, and restarts ICE until it connects', async () => {
    serve();
    await joinAndAcceptStageSeat(store, session);

    fakes.handlers[0]!.setConnectionState('failed');
    // Still in the room (no leave, no new join), the seat just accepted kept, and told what is wrong.
    await Promise.resolve();
    expect(sent('room:leave')).toHaveLength(0);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' }, mediaLink: 'failed' });
    await vi.waitFor(() => expect(sent('transport:restart-ice')).toHaveLength(1), { timeout: 5_000 });
    expect(store.getState().mediaLink).toBe('retrying');

    fakes.handlers[0]!.setConnectionState('connected');
    expect(store.getState().mediaLink).toBe('ok');
    // Never left nor joined again: the seat just accepted is still ours.
    expect(sent('room:leave')).toHaveLength(0);
    expect(sent('room:join')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' } });
  });

  it('opens a new receiving transport when the server no longer has the old one, and receives again', async () => {
    serve(() => {
      throw new RequestError('NOT_FOUND', 'no such transport');
    });
    await joinAndAcceptStageSeat(store, session);

    fakes.handlers[0]!.setConnectionState('failed');
    // "Try again" does not wait for the backoff.
    session.retryMedia();
    await vi.waitFor(() => expect(sent('transport:create')).toHaveLength(2));
    await vi.waitFor(() => expect(sent('media:consume')).toHaveLength(2));
    await vi.waitFor(() => expect(store.getState().peers[0]?.consumers.map((c) => c.consumerId)).toEqual([`20000000-0000-4000-8000-000000000002`]));
    fakes.handlers[1]!.setConnectionState('connected');
    expect(store.getState().mediaLink).toBe('ok');
    expect(sent('room:leave')).toHaveLength(0);
    expect(sent('room:join')).toHaveLength(1);
    expect(store.getState()).toMatchObject({ status: 'joined', self: { seat: 'stage' } });
  });
});
