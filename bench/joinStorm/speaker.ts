import { connectClient, expectOk, type TestSocket } from '../../server/test/testClient.js';
import { OPUS_MICROPHONE, VP8_CAMERA } from '../../server/test/rtpParameters.js';
import type { ProducerId, RoomId, TransportId } from '../../shared/ids.js';
import type { RtpParameters } from '../../shared/mediaSchemas.js';
import { requestWithin } from '../buzzRegroup/request.js';

export type Speaker = { videoProducerId: ProducerId; close(): void };

/**
 * The speaker on stage: signed in with a speaker invitation, in the
 * webinar, with a sending WebRTC transport on which it produces a VP8
 * camera and an Opus microphone with a browser's RTP parameters
 * (server/test/rtpParameters.ts). Real mediasoup producers on a real
 * transport, as the web client makes them; without a WebRTC stack the bot
 * completes no DTLS, so no packets flow, which changes nothing for the
 * joiners: they consume the producer as they would a live one.
 */
export async function startSpeaker(serverUrl: string, roomId: RoomId, invitation: string): Promise<Speaker> {
  const socket: TestSocket = await connectClient(serverUrl, 'Bench speaker', { invitation });
  const joined = expectOk(await requestWithin(socket, 'room:join', { roomId }));
  if (joined.self.seat !== 'stage') throw new Error(`the speaker was seated in the ${joined.self.seat}, not on stage`);
  const transport = expectOk(await requestWithin(socket, 'transport:create', { direction: 'send' }));
  const produce = async (kind: 'video' | 'audio', rtpParameters: RtpParameters) =>
    expectOk(
      await requestWithin(socket, 'media:produce', {
        transportId: transport.id as TransportId,
        kind,
        source: kind === 'video' ? 'camera' : 'microphone',
        rtpParameters,
      }),
    ).producerId;
  const videoProducerId = await produce('video', VP8_CAMERA as RtpParameters);
  await produce('audio', OPUS_MICROPHONE as RtpParameters);
  return { videoProducerId, close: () => void socket.disconnect() };
}
