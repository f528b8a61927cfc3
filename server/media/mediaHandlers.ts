import type { TransportOptions } from '../../shared/events.js';
import { asTransportId } from '../../shared/ids.js';
import type { DtlsParameters } from '../../shared/mediaSchemas.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import { roomChannel } from '../realtime/types.js';

/** Transports, producers and consumers of the caller, always inside the caller's own room. */
export function registerMediaHandlers(on: RegisterHandler): void {
  on('transport:create', 'media:receive', async ({ session }, request) => {
    const { room, peer } = session.requireMembership();
    const transport =
      request.direction === 'recv'
        ? await room.createTransport(peer, 'recv', request.rtpCapabilities)
        : await room.createTransport(peer, 'send');
    return {
      id: asTransportId(transport.id),
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters as DtlsParameters,
    } satisfies TransportOptions;
  });

  on('transport:connect', 'media:receive', async ({ session }, { transportId, dtlsParameters }) => {
    const { room, peer } = session.requireMembership();
    await room.connectTransport(peer, transportId, dtlsParameters);
    return {};
  });

  on('media:produce', 'media:send', async ({ session, socket }, request) => {
    const { room, peer } = session.requireMembership();
    const producer = await room.produce(peer, request);
    socket.to(roomChannel(room.id)).emit('producer:added', producer);
    return { producerId: producer.producerId };
  });

  on('media:close-producer', 'media:send', ({ session, socket }, { producerId }) => {
    const { room, peer } = session.requireMembership();
    const producer = room.closeProducer(peer, producerId);
    socket.to(roomChannel(room.id)).emit('producer:closed', { peerId: producer.peerId, producerId });
    return {};
  });

  on('media:consume', 'media:receive', ({ session }, { producerId }) => {
    const { room, peer } = session.requireMembership();
    return room.consume(peer, producerId);
  });

  on('media:resume-consumer', 'media:receive', async ({ session }, { consumerId }) => {
    const { room, peer } = session.requireMembership();
    await room.resumeConsumer(peer, consumerId);
    return {};
  });
}
