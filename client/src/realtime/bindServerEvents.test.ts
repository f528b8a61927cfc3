import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { PeerInfo, ProducerInfo, ServerToClientEvents } from '../../../shared/events.js';
import type { ConsumerId, PeerId, ProducerId, RoomId } from '../../../shared/ids.js';
import { createAppStore } from '../store/appStore.js';
import { bindServerEvents, type SessionControls } from './bindServerEvents.js';
import type { AppSocket } from './socket.js';

const self = '00000000-0000-4000-8000-000000000001' as PeerId;
const amina = '00000000-0000-4000-8000-000000000002' as PeerId;
const cameraId = '10000000-0000-4000-8000-000000000001' as ProducerId;
const consumerId = '20000000-0000-4000-8000-000000000001' as ConsumerId;

const aminaCamera: ProducerInfo = { producerId: cameraId, peerId: amina, kind: 'video', source: 'camera' };
const aminaPeer: PeerInfo = { peerId: amina, displayName: 'Amina', role: 'participant', producers: [] };

/** A real, never-connected socket: the test plays the server by calling its listeners. */
function setUp() {
  const socket: AppSocket = io('http://127.0.0.1:9', { autoConnect: false });
  const store = createAppStore();
  store.getState().setSelfPeerId(self);
  const calls: string[] = [];
  const session: SessionControls = {
    currentMedia: {
      closeConsumer: (id) => void calls.push(`closeConsumer ${id}`),
      closeConsumerOfProducer: (id) => {
        calls.push(`closeConsumerOfProducer ${id}`);
        return null;
      },
      closeConsumersOfPeer: (id) => void calls.push(`closeConsumersOfPeer ${id}`),
    },
    consume: (producer) => void calls.push(`consume ${producer.producerId}`),
    handleRoomClosed: (payload) => void calls.push(`roomClosed ${payload.reason} ${payload.rejoin}`),
  };
  const unbind = bindServerEvents(socket, store, session);
  const serverSends = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => {
    for (const listener of socket.listeners(event)) (listener as (...a: Parameters<ServerToClientEvents[E]>) => void)(...args);
  };
  return { socket, store, calls, unbind, serverSends };
}

describe('bindServerEvents', () => {
  it('adds an arriving peer and consumes what it already sends', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', { ...aminaPeer, producers: [aminaCamera] });
    expect(store.getState().peers.map((p) => p.displayName)).toEqual(['Amina']);
    expect(calls).toEqual([`consume ${cameraId}`]);
  });

  it('records and consumes a new producer, but never our own', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', aminaPeer);
    serverSends('producer:added', aminaCamera);
    serverSends('producer:added', { ...aminaCamera, peerId: self });
    expect(store.getState().peers[0]?.producers).toEqual([aminaCamera]);
    expect(calls).toEqual([`consume ${cameraId}`]);
  });

  it('closes the local consumer when a producer, a consumer or a peer goes away', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('peer:joined', { ...aminaPeer, producers: [aminaCamera] });
    serverSends('producer:closed', { peerId: amina, producerId: cameraId });
    serverSends('consumer:closed', { consumerId, producerId: cameraId });
    serverSends('peer:left', { peerId: amina });
    expect(calls.slice(1)).toEqual([
      `closeConsumerOfProducer ${cameraId}`,
      `closeConsumer ${consumerId}`,
      `closeConsumersOfPeer ${amina}`,
    ]);
    expect(store.getState().peers).toEqual([]);
  });

  it('hands a closed room to the session and shows a shutdown notice', () => {
    const { store, calls, serverSends } = setUp();
    serverSends('room:closed', { roomId: 'people-power' as RoomId, reason: 'worker-died', rejoin: true });
    serverSends('server:shutting-down', { message: 'Restarting for an update' });
    expect(calls).toEqual(['roomClosed worker-died true']);
    expect(store.getState().notice).toBe('Restarting for an update');
  });

  it('stops listening once unbound', () => {
    const { store, unbind, serverSends } = setUp();
    unbind();
    serverSends('peer:joined', aminaPeer);
    expect(store.getState().peers).toEqual([]);
  });
});
