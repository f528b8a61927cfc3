import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import type { RtpCapabilities } from '../../shared/mediaSchemas.js';
import { connectClient, expectOk, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { VP8_CAMERA as vp8 } from '../test/rtpParameters.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

describe('rooms and media ownership', () => {
  let platform: TestPlatform;
  let alice: TestSocket;
  let bob: TestSocket;
  let roomId: never;

  beforeAll(async () => {
    // A short grace period: a disconnected peer is gone for good soon after.
    platform = await startTestPlatform({ RECONNECT_GRACE_MS: '200' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as never;
    // Both on stage, so each could send: ownership, not the stage, is what is tested here.
    alice = await connectClient(platform.url, 'Alice', { invitation: await platform.invite(roomId, 'speaker') });
    bob = await connectClient(platform.url, 'Bob', { invitation: await platform.invite(roomId, 'speaker') });
  });

  afterAll(async () => {
    alice?.disconnect();
    bob?.disconnect();
    await platform?.dispose();
  });

  it('refuses media before joining and unknown rooms', async () => {
    expect(await request(alice, 'transport:create', { direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await request(alice, 'room:join', { roomId: 'no-such-room' as never })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(platform.app.registry.size).toBe(0);
  });

  it('announces joins and lets a peer use only its own media objects', async () => {
    const aliceJoined = expectOk(await request(alice, 'room:join', { roomId }));
    expect(aliceJoined.peers).toEqual([]);
    expect(await request(alice, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const announced = nextEvent(alice, 'peer:joined');
    const bobJoined = expectOk(await request(bob, 'room:join', { roomId }));
    expect(bobJoined.peers.map((peer) => peer.displayName)).toEqual(['Alice']);
    expect((await announced).displayName).toBe('Bob');
    expect(await platform.db.prisma.roomVisit.count({ where: { roomId } })).toBe(2);

    const send = expectOk(await request(alice, 'transport:create', { direction: 'send' }));
    expect(await request(alice, 'transport:create', { direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const added = nextEvent(bob, 'producer:added');
    const { producerId } = expectOk(
      await request(alice, 'media:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: vp8 }),
    );
    expect(await added).toMatchObject({ producerId, kind: 'video', source: 'camera' });

    // Bob names Alice's objects: not found, and nothing of hers changes.
    const dtls = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256' as const, value: 'AB:CD' }] };
    expect(await request(bob, 'transport:connect', { transportId: send.id, dtlsParameters: dtls })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await request(bob, 'media:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: vp8 }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await request(bob, 'media:close-producer', { producerId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Nor can Alice consume her own track.
    expect(await request(alice, 'media:consume', { producerId })).toMatchObject({ ok: false });

    // Bob can receive Alice's track, paused until he resumes it.
    const caps = bobJoined.routerRtpCapabilities as RtpCapabilities;
    expectOk(await request(bob, 'transport:create', { direction: 'recv', rtpCapabilities: caps }));
    const consumer = expectOk(await request(bob, 'media:consume', { producerId }));
    expect(consumer).toMatchObject({ producerId, kind: 'video', source: 'camera' });
    expect(await request(bob, 'media:consume', { producerId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await request(alice, 'media:resume-consumer', { consumerId: consumer.consumerId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expectOk(await request(bob, 'media:resume-consumer', { consumerId: consumer.consumerId }));

    // Alice stops her camera: Bob's consumer is closed and he is told.
    const consumerClosed = nextEvent(bob, 'consumer:closed');
    const producerClosed = nextEvent(bob, 'producer:closed');
    expectOk(await request(alice, 'media:close-producer', { producerId }));
    expect(await consumerClosed).toEqual({ consumerId: consumer.consumerId, producerId });
    expect(await producerClosed).toMatchObject({ producerId });
  });

  it('closes and forgets the room when the last peer leaves', async () => {
    const left = nextEvent(bob, 'peer:left');
    expectOk(await request(alice, 'room:leave', {}));
    expect((await left).peerId).toBeDefined();
    expect(platform.app.registry.size).toBe(1);
    // Bob leaves by disconnecting, as a closed tab would: gone once the grace period is over.
    bob.disconnect();
    await expect.poll(() => platform.app.registry.size).toBe(0);
    await expect
      .poll(() => platform.db.prisma.roomVisit.count({ where: { roomId, leftAt: null } }))
      .toBe(0);
  });
});
