import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import type { RtpCapabilities } from '../../shared/mediaSchemas.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** A camera in three simulcast layers, as a browser sends it (no packets flow in this test). */
const simulcastCamera = (round: number) => ({
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  encodings: [0, 1, 2].map((layer) => ({ ssrc: 30_000_000 + round * 10 + layer })),
  rtcp: { cname: 'camera' },
});

/** Rounds of one race at most before the test gives up on seeing the departure win. */
const MAX_ROUNDS = 200;

describe('media requests of a peer whose connection or tracks change', () => {
  let platform: TestPlatform;
  let speaker: TestSocket;
  let viewer: TestSocket;
  let sendTransportId: never;
  let recv: { id: never; iceParameters: unknown };

  beforeAll(async () => {
    platform = await startTestPlatform();
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    const roomId = rooms[0]!.id as never;
    speaker = await connectClient(platform.url, 'Sara', { invitation: await platform.invite(roomId, 'speaker') });
    viewer = await connectClient(platform.url, 'Pat');
    expectOk(await request(speaker, 'room:join', { roomId }));
    const joined = expectOk(await request(viewer, 'room:join', { roomId }));
    sendTransportId = expectOk(await request(speaker, 'transport:create', { direction: 'send' })).id as never;
    const caps = joined.routerRtpCapabilities as RtpCapabilities;
    recv = expectOk(await request(viewer, 'transport:create', { direction: 'recv', rtpCapabilities: caps })) as never;
  });

  afterAll(async () => {
    speaker?.disconnect();
    viewer?.disconnect();
    await platform?.dispose();
  });

  it('answers NOT_FOUND, not INTERNAL, to a layer change, pause or resume racing the departure of its track', async () => {
    const racing = {
      'set-consumer-layers': (consumerId: never) => request(viewer, 'media:set-consumer-layers', { consumerId, spatialLayer: 1 }),
      'pause-consumer': (consumerId: never) => request(viewer, 'media:pause-consumer', { consumerId }),
      'resume-consumer': (consumerId: never) => request(viewer, 'media:resume-consumer', { consumerId }),
    };
    let round = 0;
    for (const [name, ask] of Object.entries(racing)) {
      const answers: string[] = [];
      // Which socket the server hears first varies: race until the departure won at least once (the
      // case under test), within a ceiling no machine needs (each round is a few milliseconds).
      while (!answers.includes('NOT_FOUND') && answers.length < MAX_ROUNDS) {
        round += 1;
        const { producerId } = expectOk(
          await request(speaker, 'media:produce', {
            transportId: sendTransportId,
            kind: 'video',
            source: 'camera',
            rtpParameters: simulcastCamera(round),
          }),
        );
        const { consumerId } = expectOk(await request(viewer, 'media:consume', { producerId }));
        // The speaker stops the camera while the viewer's tile asks for another layer, or scrolls it away or back.
        const [, answer] = await Promise.all([request(speaker, 'media:close-producer', { producerId }), ask(consumerId as never)]);
        answers.push(answer.ok ? 'ok' : answer.error.code);
      }
      // An ended track is never a server failure: each answer is done or not found, never INTERNAL.
      expect(answers.filter((answer) => answer !== 'ok' && answer !== 'NOT_FOUND'), name).toEqual([]);
      expect(answers, name).toContain('NOT_FOUND');
    }
    // Nor is it logged as one.
    expect(platform.loggedErrors()).toEqual([]);
  });

  it('restarts ICE on a transport of the caller only, with new credentials', async () => {
    const restarted = expectOk(await request(viewer, 'transport:restart-ice', { transportId: recv.id }));
    expect(restarted.iceParameters).toMatchObject({ usernameFragment: expect.any(String), password: expect.any(String) });
    expect(restarted.iceParameters).not.toEqual(recv.iceParameters);
    // Someone else's transport, or one that is gone, is not found.
    expect(await request(speaker, 'transport:restart-ice', { transportId: recv.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await request(viewer, 'transport:restart-ice', { transportId: randomUUID() as never })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
