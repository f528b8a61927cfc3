import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PeerInfo, RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import {
  connectClient,
  expectOk,
  issueToken,
  loseConnection,
  nextEvent,
  rawRequest,
  request,
  type TestSocket,
} from '../test/testClient.js';
import { OPUS_MICROPHONE as opus, VP8_CAMERA as vp8 } from '../test/rtpParameters.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** Waits for a `peer:updated` about one peer that satisfies a condition. */
function updateOf(socket: TestSocket, peerId: string, matches: (peer: PeerInfo) => boolean): Promise<PeerInfo> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching peer:updated for ${peerId}`)), 10_000);
    const listener = (peer: PeerInfo) => {
      if (peer.peerId !== peerId || !matches(peer)) return;
      clearTimeout(timer);
      socket.off('peer:updated', listener);
      resolve(peer);
    };
    socket.on('peer:updated', listener);
  });
}

describe('webinar stage, hands and moderation (real server, real mediasoup)', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  let otherRoomId: RoomId;
  const sockets: TestSocket[] = [];

  async function join(name: string, role?: 'moderator' | 'speaker' | 'participant', room = roomId) {
    const invitation = role ? await platform.invite(room, role) : undefined;
    const socket = await connectClient(platform.url, name, invitation ? { invitation } : {});
    sockets.push(socket);
    const joined = expectOk(await request(socket, 'room:join', { roomId: room }));
    return { socket, joined };
  }

  /** Sends a track, opening the socket's sending transport the first time. */
  const sendTransports = new WeakMap<TestSocket, string>();
  async function sendTrack(socket: TestSocket, kind: 'audio' | 'video' = 'video') {
    let transportId = sendTransports.get(socket);
    if (!transportId) {
      const created = await request(socket, 'transport:create', { direction: 'send' });
      if (!created.ok) return created;
      transportId = created.data.id;
      sendTransports.set(socket, transportId);
    }
    return request(socket, 'media:produce', {
      transportId: transportId as never,
      kind,
      source: kind === 'video' ? 'camera' : 'microphone',
      rtpParameters: kind === 'video' ? vp8 : opus,
    });
  }

  beforeAll(async () => {
    platform = await startTestPlatform({ STAGE_LIMIT: '3', RECONNECT_GRACE_MS: '1500' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
    otherRoomId = rooms[1]!.id as RoomId;
  });

  beforeEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    // Each test starts with an empty room (the grace period of the last test's peers may still run).
    await expect.poll(() => platform.app.registry.size, { timeout: 60_000 }).toBe(0);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('seats roles: moderators and speakers on stage, participants in the audience; roles hold in the invitation room only', async () => {
    const moderator = await join('Mo', 'moderator');
    const speaker = await join('Sara', 'speaker');
    const participant = await join('Pat', 'participant');
    const plain = await join('Anon');
    expect(moderator.joined.self).toMatchObject({ role: 'moderator', seat: 'stage' });
    expect(speaker.joined.self).toMatchObject({ role: 'speaker', seat: 'stage' });
    expect(participant.joined.self).toMatchObject({ role: 'participant', seat: 'audience' });
    expect(plain.joined.self).toMatchObject({ role: 'participant', seat: 'audience' });
    expect(moderator.joined.stageLimit).toBe(3);

    // A moderator invitation for another room makes a participant here.
    const elsewhere = await connectClient(platform.url, 'Visitor', {
      invitation: await platform.invite(otherRoomId, 'moderator'),
    });
    sockets.push(elsewhere);
    const visiting = expectOk(await request(elsewhere, 'room:join', { roomId }));
    expect(visiting.self).toMatchObject({ role: 'participant', seat: 'audience' });
    expect(await request(elsewhere, 'stage:invite', { peerId: plain.joined.self.peerId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses a participant everything above its role, changing nothing', async () => {
    const speaker = await join('Sara', 'speaker');
    const participant = await join('Pat');
    const target = speaker.joined.self.peerId;
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };

    expect(await sendTrack(participant.socket)).toMatchObject(forbidden);
    expect(await request(participant.socket, 'moderation:stop-media', { peerId: target, source: 'microphone' })).toMatchObject(forbidden);
    expect(await request(participant.socket, 'moderation:remove', { peerId: target })).toMatchObject(forbidden);
    expect(await request(participant.socket, 'moderation:lower-hand', { peerId: target })).toMatchObject(forbidden);
    expect(await request(participant.socket, 'stage:invite', { peerId: participant.joined.self.peerId })).toMatchObject(forbidden);
    expect(await request(participant.socket, 'stage:send-to-audience', { peerId: target })).toMatchObject(forbidden);
    expect(await request(participant.socket, 'invitation:create', { role: 'moderator', expiresInHours: 1 })).toMatchObject(forbidden);
    expect(await request(participant.socket, 'stage:leave', {})).toMatchObject(forbidden);
    // A speaker is not a moderator either.
    expect(await request(speaker.socket, 'moderation:remove', { peerId: participant.joined.self.peerId })).toMatchObject(forbidden);
    expect(await request(speaker.socket, 'hand:raise', {})).toMatchObject(forbidden);

    // Identity or role in a payload is refused, never believed.
    expect(await rawRequest(participant.socket, 'room:leave', { role: 'moderator' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(await rawRequest(participant.socket, 'hand:raise', { peerId: target })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });

    const room = platform.app.registry.get(roomId)!;
    expect(room.peerList().map((peer) => room.describe(peer))).toEqual([
      expect.objectContaining({ displayName: 'Sara', seat: 'stage', producers: [] }),
      expect.objectContaining({ displayName: 'Pat', seat: 'audience', role: 'participant', handRaisedAt: null }),
    ]);
    expect(await platform.db.prisma.roomRemoval.count()).toBe(0);
  });

  it('raise hand → invite → accept → send; sent back to the audience closes the tracks everywhere', async () => {
    const moderator = await join('Mo', 'moderator');
    const first = await join('Ama');
    const second = await join('Bea');
    const ama = first.joined.self.peerId;
    const bea = second.joined.self.peerId;

    const beaUp = updateOf(moderator.socket, bea, (peer) => peer.handRaisedAt !== null);
    expectOk(await request(second.socket, 'hand:raise', {}));
    await beaUp;
    const amaUp = updateOf(moderator.socket, ama, (peer) => peer.handRaisedAt !== null);
    expectOk(await request(first.socket, 'hand:raise', {}));
    const amaPeer = await amaUp;
    const room = platform.app.registry.get(roomId)!;
    const queue = room
      .peerList()
      .map((peer) => room.describe(peer))
      .filter((peer) => peer.handRaisedAt !== null)
      .sort((a, b) => a.handRaisedAt! - b.handRaisedAt!)
      .map((peer) => peer.displayName);
    expect(queue).toEqual(['Bea', 'Ama']);
    expect(amaPeer.handRaisedAt).toBeGreaterThanOrEqual(0);

    // Bea declines: the moderator is told, she stays in the audience with her hand up.
    const invitedBea = nextEvent(second.socket, 'stage:invited');
    expectOk(await request(moderator.socket, 'stage:invite', { peerId: bea }));
    expect(await invitedBea).toEqual({ by: 'Mo' });
    const declined = nextEvent(moderator.socket, 'stage:declined');
    expectOk(await request(second.socket, 'stage:respond', { accept: false }));
    expect(await declined).toEqual({ peerId: bea, displayName: 'Bea' });
    expect(await request(second.socket, 'stage:respond', { accept: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    // Ama accepts: on stage, hand down, and she may now send.
    const invitedAma = nextEvent(first.socket, 'stage:invited');
    expectOk(await request(moderator.socket, 'stage:invite', { peerId: ama }));
    await invitedAma;
    const onStage = updateOf(second.socket, ama, (peer) => peer.seat === 'stage');
    expectOk(await request(first.socket, 'stage:respond', { accept: true }));
    expect(await onStage).toMatchObject({ seat: 'stage', handRaisedAt: null, isInvitedToStage: false });
    const added = nextEvent(second.socket, 'producer:added');
    const { producerId } = expectOk(await sendTrack(first.socket));
    expect(await added).toMatchObject({ producerId, peerId: ama, source: 'camera', pausedBy: null });

    // The moderator sends her back: her track is closed for everyone and she is told why.
    const closed = nextEvent(second.socket, 'producer:closed');
    const told = nextEvent(first.socket, 'moderation:applied');
    expectOk(await request(moderator.socket, 'stage:send-to-audience', { peerId: ama }));
    expect(await closed).toEqual({ peerId: ama, producerId });
    expect(await told).toEqual({ action: 'sent-to-audience', by: 'Mo' });
    expect(room.describe(room.peer(ama))).toMatchObject({ seat: 'audience', producers: [] });
    expect(await sendTrack(first.socket)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('enforces the stage limit on joining and on accepting', async () => {
    const moderator = await join('Mo', 'moderator');
    await join('S1', 'speaker');
    const audience = await join('Pat');
    expectOk(await request(moderator.socket, 'stage:invite', { peerId: audience.joined.self.peerId }));
    // The third stage seat goes to a speaker who joins meanwhile; the fourth speaker must wait in the audience.
    const third = await join('S2', 'speaker');
    expect(third.joined.self.seat).toBe('stage');
    const fourth = await join('S3', 'speaker');
    expect(fourth.joined.self.seat).toBe('audience');
    expect(await request(audience.socket, 'stage:respond', { accept: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/filled up/) },
    });
    expect(await request(moderator.socket, 'stage:invite', { peerId: fourth.joined.self.peerId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/full/) },
    });
  });

  it('a moderator mutes a microphone (paused, the speaker may unmute) and stops a camera (closed)', async () => {
    const moderator = await join('Mo', 'moderator');
    const speaker = await join('Sara', 'speaker');
    const viewer = await join('Pat');
    const mic = expectOk(await sendTrack(speaker.socket, 'audio'));
    const camera = expectOk(await sendTrack(speaker.socket, 'video'));

    const paused = nextEvent(viewer.socket, 'producer:paused');
    const told = nextEvent(speaker.socket, 'moderation:applied');
    expectOk(
      await request(moderator.socket, 'moderation:stop-media', { peerId: speaker.joined.self.peerId, source: 'microphone' }),
    );
    expect(await paused).toEqual({ peerId: speaker.joined.self.peerId, producerId: mic.producerId, pausedBy: 'moderator' });
    expect(await told).toEqual({ action: 'muted', source: 'microphone', by: 'Mo' });
    const resumed = nextEvent(viewer.socket, 'producer:resumed');
    expectOk(await request(speaker.socket, 'media:resume-producer', { producerId: mic.producerId }));
    expect(await resumed).toMatchObject({ producerId: mic.producerId });

    const cameraClosed = nextEvent(viewer.socket, 'producer:closed');
    const stopped = nextEvent(speaker.socket, 'moderation:applied');
    expectOk(
      await request(moderator.socket, 'moderation:stop-media', { peerId: speaker.joined.self.peerId, source: 'camera' }),
    );
    expect(await cameraClosed).toEqual({ peerId: speaker.joined.self.peerId, producerId: camera.producerId });
    expect(await stopped).toEqual({ action: 'stopped', source: 'camera', by: 'Mo' });
    expect(
      await request(moderator.socket, 'moderation:stop-media', { peerId: speaker.joined.self.peerId, source: 'camera' }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // Moderators cannot act on moderators, nor on people of another room (unknown there).
    const otherModerator = await join('Mia', 'moderator');
    expect(
      await request(moderator.socket, 'moderation:stop-media', { peerId: otherModerator.joined.self.peerId, source: 'camera' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const elsewhere = await join('Far', 'speaker', otherRoomId);
    expect(
      await request(moderator.socket, 'moderation:stop-media', { peerId: elsewhere.joined.self.peerId, source: 'camera' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    elsewhere.socket.disconnect();
  });

  it('removes someone: they cannot come back with the same invitation until re-admitted', async () => {
    const moderator = await join('Mo', 'moderator');
    const invitation = await platform.invite(roomId, 'speaker');
    const connect = async () => {
      const socket = await connectClient(platform.url, 'Rex', { invitation });
      sockets.push(socket);
      return socket;
    };
    const rex = await connect();
    const joined = expectOk(await request(rex, 'room:join', { roomId }));

    const closed = nextEvent(rex, 'room:closed');
    const left = nextEvent(moderator.socket, 'peer:left');
    const listed = nextEvent(moderator.socket, 'moderation:removed-changed');
    expectOk(await request(moderator.socket, 'moderation:remove', { peerId: joined.self.peerId }));
    expect(await closed).toEqual({ roomId, reason: 'removed', rejoin: false });
    expect(await left).toEqual({ peerId: joined.self.peerId });
    const { removed } = await listed;
    expect(removed).toEqual([expect.objectContaining({ displayName: 'Rex' })]);

    // Same socket, and a new identity from the same invitation: both refused.
    expect(await request(rex, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const again = await connect();
    expect(await request(again, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A forged removal id changes nothing; the real one re-admits.
    expect(
      await request(moderator.socket, 'moderation:readmit', { removalId: '00000000-0000-4000-8000-000000000000' as never }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expectOk(await request(moderator.socket, 'moderation:readmit', { removalId: removed[0]!.removalId }));
    expectOk(await request(again, 'room:join', { roomId }));
  });

  it('a reconnecting peer keeps its id and seat within the grace period; one that does not come back is removed for everyone', async () => {
    const moderator = await join('Mo', 'moderator');
    const invitation = await platform.invite(roomId, 'speaker');
    const { token } = await issueToken(platform.url, 'Sara', invitation);
    const first = await connectClient(platform.url, 'Sara', { token });
    const joined = expectOk(await request(first, 'room:join', { roomId }));
    const peerId = joined.self.peerId;

    const reconnecting = updateOf(moderator.socket, peerId, (peer) => peer.isReconnecting);
    loseConnection(first);
    await reconnecting;
    const back = updateOf(moderator.socket, peerId, (peer) => !peer.isReconnecting);
    const second = await connectClient(platform.url, 'Sara', { token });
    sockets.push(second);
    const rejoined: RoomJoined = expectOk(await request(second, 'room:join', { roomId }));
    expect(rejoined.self).toMatchObject({ peerId, seat: 'stage', role: 'speaker', isReconnecting: false });
    await back;
    // Media is set up again on the new connection.
    expectOk(await sendTrack(second));

    // This time she does not come back: after the grace period she is gone for everyone.
    const left = nextEvent(moderator.socket, 'peer:left', 10_000);
    loseConnection(second);
    expect(await left).toEqual({ peerId });
    expect(platform.app.registry.get(roomId)!.peerList().map((peer) => peer.identity.displayName)).toEqual(['Mo']);
  });

  it('someone who closes their connection themselves leaves at once, with no grace period', async () => {
    const moderator = await join('Mo', 'moderator');
    const viewer = await join('Pat');
    const seenReconnecting: boolean[] = [];
    moderator.socket.on('peer:updated', (peer) => seenReconnecting.push(peer.isReconnecting));
    const left = nextEvent(moderator.socket, 'peer:left');
    viewer.socket.disconnect();
    expect(await left).toEqual({ peerId: viewer.joined.self.peerId });
    // Gone straight away: never shown as reconnecting.
    expect(seenReconnecting).not.toContain(true);
    expect(platform.app.registry.get(roomId)!.peerList().map((peer) => peer.identity.displayName)).toEqual(['Mo']);
  });

  it('a moderator mints invitation links to its own room', async () => {
    const moderator = await join('Mo', 'moderator');
    const created = expectOk(await request(moderator.socket, 'invitation:create', { role: 'speaker', expiresInHours: 2 }));
    const url = new URL(created.url);
    expect(url.pathname).toBe(`/r/${roomId}`);
    const summary = await (await fetch(`${platform.url}/api/invitations/${url.searchParams.get('invite')}`)).json();
    expect(summary).toMatchObject({ roomId, role: 'speaker' });
    const bad = await fetch(`${platform.url}/api/invitations/not-a-token`);
    expect(bad.status).toBe(401);
  });
});
