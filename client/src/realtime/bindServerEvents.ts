/**
 * The one place where server→client events become store actions and
 * MediaClient calls. Everything a server event changes is visible here.
 */
import type { ProducerInfo, ServerToClientEvents } from '../../../shared/events.js';
import type { MediaClient } from '../media/MediaClient.js';
import type { AppStore } from '../store/appStore.js';
import type { AppSocket } from './socket.js';

/** What the room session offers to server events. */
export interface SessionControls {
  /** The MediaClient of the current stay in the room, if media is set up. */
  readonly currentMedia: Pick<MediaClient, 'closeConsumer' | 'closeConsumerOfProducer' | 'closeConsumersOfPeer'> | null;
  /** Starts receiving a producer (or notes it for when the receiving transport is open). */
  consume(producer: ProducerInfo): void;
  handleRoomClosed(payload: Parameters<ServerToClientEvents['room:closed']>[0]): void;
}

/** Subscribes to every server event; returns the function that unsubscribes. */
export function bindServerEvents(socket: AppSocket, store: AppStore, session: SessionControls): () => void {
  const isSelf = (peerId: string) => peerId === store.getState().selfPeerId;

  const onPeerJoined: ServerToClientEvents['peer:joined'] = (peer) => {
    if (isSelf(peer.peerId)) return;
    store.getState().upsertPeer(peer);
    for (const producer of peer.producers) session.consume(producer);
  };
  const onPeerLeft: ServerToClientEvents['peer:left'] = ({ peerId }) => {
    session.currentMedia?.closeConsumersOfPeer(peerId);
    store.getState().removePeer(peerId);
  };
  const onProducerAdded: ServerToClientEvents['producer:added'] = (producer) => {
    if (isSelf(producer.peerId)) return;
    store.getState().addProducer(producer);
    session.consume(producer);
  };
  const onProducerClosed: ServerToClientEvents['producer:closed'] = ({ peerId, producerId }) => {
    session.currentMedia?.closeConsumerOfProducer(producerId);
    store.getState().removeProducer(peerId, producerId);
  };
  const onConsumerClosed: ServerToClientEvents['consumer:closed'] = ({ consumerId }) => {
    session.currentMedia?.closeConsumer(consumerId);
    store.getState().removeConsumer(consumerId);
  };
  const onRoomClosed: ServerToClientEvents['room:closed'] = (payload) => {
    session.handleRoomClosed(payload);
  };
  const onShuttingDown: ServerToClientEvents['server:shutting-down'] = ({ message }) => {
    store.getState().setNotice(message || 'The server is restarting. You will be reconnected automatically.');
  };

  socket.on('peer:joined', onPeerJoined);
  socket.on('peer:left', onPeerLeft);
  socket.on('producer:added', onProducerAdded);
  socket.on('producer:closed', onProducerClosed);
  socket.on('consumer:closed', onConsumerClosed);
  socket.on('room:closed', onRoomClosed);
  socket.on('server:shutting-down', onShuttingDown);

  return () => {
    socket.off('peer:joined', onPeerJoined);
    socket.off('peer:left', onPeerLeft);
    socket.off('producer:added', onProducerAdded);
    socket.off('producer:closed', onProducerClosed);
    socket.off('consumer:closed', onConsumerClosed);
    socket.off('room:closed', onRoomClosed);
    socket.off('server:shutting-down', onShuttingDown);
  };
}
