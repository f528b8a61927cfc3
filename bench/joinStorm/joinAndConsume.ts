import type { ProducerId } from '../../shared/ids.js';
import type { RoomJoined } from '../../shared/events.js';
import type { TestSocket } from '../../server/test/testClient.js';
import { now } from '../chatFanout/protocol.js';
import { answerOf, joinLikeTheClient, type Refusal } from '../buzzRegroup/request.js';

/** One person's way in, timed: the join answered, then the speaker's video consumed. */
export type JoinTiming = {
  emittedAt: number;
  joinedAt: number | null;
  readyAt: number | null;
  /** The join, refused after the client's retries. */
  refused: Refusal | null;
  /** Refusals the client retried past. */
  retried: string[];
  /** Why the speaker's video could not be consumed after joining. */
  notReady: Refusal | null;
};

/** The first video on stage in a join answer: what a newcomer sees first. */
export function stageVideoOf(joined: RoomJoined): ProducerId | null {
  for (const peer of joined.peers) {
    if (peer.seat !== 'stage') continue;
    const video = peer.producers.find((producer) => producer.kind === 'video');
    if (video) return video.producerId;
  }
  return null;
}

/**
 * What the web client does before it can show the speaker
 * (client/src/session/RoomSession.ts, MediaClient.ts): `room:join` (retried
 * as the client retries a busy server), a receiving WebRTC transport
 * (`transport:create` with the device's RTP capabilities: here the
 * router's own, as a browser that decodes all of them), and `media:consume`
 * of the first video on stage. Ready is the moment that consume is
 * answered: the server has a consumer for this person on a receiving
 * transport. The bots have no WebRTC stack, so DTLS is never completed and
 * no packets flow; the consumer is resumed, as the client does once it has
 * attached the track.
 */
export async function joinAndConsume(socket: TestSocket, roomId: RoomJoined['roomId']): Promise<JoinTiming> {
  const retried: string[] = [];
  const emittedAt = now();
  const answer = await joinLikeTheClient(socket, roomId, (code) => retried.push(code));
  if ('refused' in answer) return { emittedAt, joinedAt: null, readyAt: null, refused: answer.refused, retried, notReady: null };
  const joinedAt = now();
  const notReady = (refusal: Refusal): JoinTiming => ({ emittedAt, joinedAt, readyAt: null, refused: null, retried, notReady: refusal });
  const producerId = stageVideoOf(answer.data);
  if (!producerId) return notReady({ code: 'NO_VIDEO_ON_STAGE', message: 'the join answer shows no video on stage' });
  const transport = await answerOf(socket, 'transport:create', { direction: 'recv', rtpCapabilities: answer.data.routerRtpCapabilities });
  if ('refused' in transport) return notReady(transport.refused);
  const consumer = await answerOf(socket, 'media:consume', { producerId });
  if ('refused' in consumer) return notReady(consumer.refused);
  const readyAt = now();
  await answerOf(socket, 'media:resume-consumer', { consumerId: consumer.data.consumerId });
  return { emittedAt, joinedAt, readyAt, refused: null, retried, notReady: null };
}
