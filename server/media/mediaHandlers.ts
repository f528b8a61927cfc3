import type { TransportOptions } from '../../shared/events.js';
import { asTransportId } from '../../shared/ids.js';
import type { DtlsParameters } from '../../shared/mediaSchemas.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';

/** Transports, producers and consumers of the caller, always inside the caller's own room. */
export function registerMediaHandlers(on: RegisterHandler): void {
  on('transport:create', async ({ session }, request) => {
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

  on('transport:connect', async ({ session }, { transportId, dtlsParameters }) => {
    const { room, peer } = session.requireMembership();
    await room.connectTransport(peer, transportId, dtlsParameters);
    return {};
  });

  on('transport:restart-ice', async ({ session }, { transportId }) => {
    const { peer } = session.requireMembership();
    return { iceParameters: await peer.restartIce(transportId) };
  });

  on('media:produce', async ({ session }, request) => {
    const { room, peer } = session.requireMembership();
    const producer = await room.produce(peer, request);
    return { producerId: producer.producerId };
  });

  on('media:close-producer', ({ session }, { producerId }) => {
    const { room, peer } = session.requireMembership();
    room.closeProducer(peer, producerId);
    return {};
  });

  on('media:pause-producer', async ({ session }, { producerId }) => {
    const { room, peer } = session.requireMembership();
    await room.pauseProducer(peer, producerId);
    return {};
  });

  on('media:resume-producer', async ({ session }, { producerId }) => {
    const { room, peer } = session.requireMembership();
    await room.resumeProducer(peer, producerId);
    return {};
  });

  on('media:consume', ({ session }, { producerId }) => {
    const { room, peer } = session.requireMembership();
    return room.consume(peer, producerId);
  });

  on('media:resume-consumer', async ({ session }, { consumerId }) => {
    const { room, peer } = session.requireMembership();
    await room.resumeConsumer(peer, consumerId);
    return {};
  });

  on('media:pause-consumer', async ({ session }, { consumerId }) => {
    const { room, peer } = session.requireMembership();
    await room.pauseConsumer(peer, consumerId);
    return {};
  });

  on('media:set-consumer-layers', async ({ session }, { consumerId, ...layers }) => {
    const { room, peer } = session.requireMembership();
    await room.setConsumerLayers(peer, consumerId, layers);
    return {};
  });
}
