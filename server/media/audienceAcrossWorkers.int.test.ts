import { types } from 'mediasoup';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import type { RtpCapabilities } from '../../shared/mediaSchemas.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { expectMediaFlowing, joinRoomPage, launchChromium } from '../test/browser.js';
import { VP8_CAMERA as vp8 } from '../test/rtpParameters.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/**
 * A room on a process with two media workers: one router per worker, the
 * audience seated on the least busy one, stage tracks piped to the routers
 * whose viewers consume them.
 */
describe('an audience spread over two workers', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    // A short grace period, so the room empties between the two tests.
    platform = await startTestPlatform({ MEDIA_WORKERS: '2', RECONNECT_GRACE_MS: '100' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await browser?.close();
    await platform?.dispose();
  });

  let browser: Browser | undefined;

  it('seats viewers on both workers, and each consumes the stage track through a pipe when needed', async () => {
    expect(platform.pool.pids()).toHaveLength(2);
    const speaker = await connectClient(platform.url, 'Speaker', { invitation: await platform.invite(roomId, 'speaker') });
    sockets.push(speaker);
    expectOk(await request(speaker, 'room:join', { roomId }));
    const send = expectOk(await request(speaker, 'transport:create', { direction: 'send' }));
    const { producerId } = expectOk(
      await request(speaker, 'media:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: vp8 }),
    );

    // A crowd arriving together still spreads out (seats count at once).
    const viewers = await Promise.all(
      ['V1', 'V2', 'V3', 'V4', 'V5'].map((name) => connectClient(platform.url, name)),
    );
    sockets.push(...viewers);
    const joined = await Promise.all(viewers.map(async (viewer) => expectOk(await request(viewer, 'room:join', { roomId }))));
    const room = platform.app.registry.get(roomId)!;
    expect(room.routerLoads()).toEqual([3, 3]);

    const routerOf = (peerId: string) => room.peer(peerId as never).router;
    const speakerRouter = routerOf(room.peerList()[0]!.id);
    const remote = joined.filter((entry) => routerOf(entry.self.peerId) !== speakerRouter);
    expect(remote.length).toBe(3);

    // Everyone consumes at once: the track is piped to the other router once.
    const remoteRouter = routerOf(remote[0]!.self.peerId);
    const pipedIn: string[] = [];
    remoteRouter.observer.on('newtransport', (transport) => {
      if (!(transport instanceof types.PipeTransport)) return;
      transport.observer.on('newproducer', (producer) => pipedIn.push(producer.id));
    });
    await Promise.all(
      viewers.map(async (viewer, index) => {
        const caps = joined[index]!.routerRtpCapabilities as RtpCapabilities;
        expectOk(await request(viewer, 'transport:create', { direction: 'recv', rtpCapabilities: caps }));
        const consumer = expectOk(await request(viewer, 'media:consume', { producerId }));
        expect(consumer).toMatchObject({ producerId, kind: 'video', source: 'camera' });
        expectOk(await request(viewer, 'media:resume-consumer', { consumerId: consumer.consumerId }));
      }),
    );
    // The stage track arrived on the other router as a pipe producer with the same id, once.
    expect(pipedIn).toEqual([producerId]);

    // The speaker stops: every viewer's consumer closes, on both routers.
    const closed = viewers.map(
      (viewer) => new Promise((resolve) => viewer.once('consumer:closed', resolve)),
    );
    expectOk(await request(speaker, 'media:close-producer', { producerId }));
    await Promise.all(closed);
  });

  /**
   * Real media, real Chromium (needs the built client): a speaker on one
   * worker, viewers on both; the viewer on the other worker decodes the
   * speaker's camera and hears the microphone through the pipe.
   */
  it('delivers stage media to viewers on the other worker through pipeToRouter', async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await expect.poll(() => platform.app.registry.size).toBe(0);
    browser = await launchChromium();
    const open = (name: string, query = '') => joinRoomPage(browser!, `${platform.url}/r/${roomId}${query}`, name);
    await open('Speaker', `?invite=${await platform.invite(roomId, 'speaker')}`);
    const viewers = [await open('Viewer one'), await open('Viewer two')];

    const room = platform.app.registry.get(roomId)!;
    const [speaker, ...audience] = room.peerList();
    const remote = audience.filter((peer) => peer.router !== speaker!.router);
    expect(remote.length).toBeGreaterThan(0);
    expect(room.routerLoads().every((load) => load > 0)).toBe(true);

    for (const page of viewers) await expectMediaFlowing(page);
  });
});
