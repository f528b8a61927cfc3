import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeSequence } from '../../shared/changeSequence.js';
import type { StageNumbers, StageStamp } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { OPUS_MICROPHONE as opus } from '../test/rtpParameters.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** What one person heard of the room's live-state numbers, from their join's on. */
interface Follower {
  socket: TestSocket;
  sequence: ChangeSequence;
  /** Numbers of another epoch (there should be none: one room, one process). */
  strangers: number;
}

const isStamp = (value: unknown): value is StageStamp =>
  typeof value === 'object' && value !== null && 'epoch' in value && 'seq' in value;

/**
 * Follows every number the socket hears, as the client does: the stamp that
 * ends a staged event, and the ranges of `stage:advanced`.
 */
function follow(socket: TestSocket, joined: StageStamp): Follower {
  const follower: Follower = { socket, sequence: new ChangeSequence(joined.seq), strangers: 0 };
  const saw = (epoch: string, seq: number) => {
    if (epoch === joined.epoch) follower.sequence.saw(seq);
    else follower.strangers += 1;
  };
  socket.onAny((event: string, ...args: unknown[]) => {
    if (event === 'stage:advanced') {
      const { epoch, ranges } = args[0] as StageNumbers;
      for (const [from, to] of ranges) for (let seq = from; seq <= to; seq++) saw(epoch, seq);
      return;
    }
    const stamp = args.at(-1);
    if (args.length === 2 && isStamp(stamp)) saw(stamp.epoch, stamp.seq);
  });
  return follower;
}

describe('the live state numbered (real server, real mediasoup)', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];

  async function join(name: string, role?: 'moderator' | 'speaker') {
    const invitation = role ? await platform.invite(roomId, role) : undefined;
    const socket = await connectClient(platform.url, name, invitation ? { invitation } : {});
    sockets.push(socket);
    const joined = expectOk(await request(socket, 'room:join', { roomId }));
    return { socket, joined, follower: follow(socket, joined.stage) };
  }

  const roomSeq = () => platform.app.registry.get(roomId)!.stageStamp.seq;

  beforeAll(async () => {
    platform = await startTestPlatform({ STAGE_LIMIT: '3' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('gives everyone every number, the change or the number alone, and answers a resync as of the latest', async () => {
    const moderator = await join('Mira', 'moderator');
    const speaker = await join('Sol', 'speaker');
    const amina = await join('Amina');
    const bo = await join('Bo');
    const followers = [moderator, speaker, amina, bo].map((person) => person.follower);

    // What only the moderators (and the person) see: a hand, a newcomer in the audience.
    expectOk(await request(amina.socket, 'hand:raise', {}));
    const resyncedWithHand = expectOk(await request(moderator.socket, 'stage:resync', {}));
    expect(resyncedWithHand.peers.map((peer) => peer.displayName).sort()).toEqual(['Amina', 'Sol']);
    const late = await join('Chidi');
    followers.push(late.follower);
    // What everyone sees: the stage, tracks, the count.
    expectOk(await request(moderator.socket, 'stage:invite', { peerId: bo.joined.self.peerId }));
    expectOk(await request(bo.socket, 'stage:respond', { accept: true }));
    const transport = expectOk(await request(speaker.socket, 'transport:create', { direction: 'send' }));
    const track = expectOk(
      await request(speaker.socket, 'media:produce', { transportId: transport.id, kind: 'audio', source: 'microphone', rtpParameters: opus }),
    );
    expectOk(await request(speaker.socket, 'media:pause-producer', { producerId: track.producerId }));
    expectOk(await request(speaker.socket, 'media:resume-producer', { producerId: track.producerId }));
    expectOk(await request(speaker.socket, 'media:close-producer', { producerId: track.producerId }));
    expectOk(await request(bo.socket, 'stage:leave', {}));
    expectOk(await request(amina.socket, 'hand:lower', {}));
    expectOk(await request(late.socket, 'room:leave', {}));
    late.socket.disconnect();
    followers.pop();

    // The audience's count and the numbers told to the audience alone go out
    // after a short window: wait until everyone holds the room's latest.
    const holdTheLatest = () => followers.every((follower) => follower.sequence.head === roomSeq());
    await expect.poll(holdTheLatest, { timeout: 60_000 }).toBe(true);
    const last = roomSeq();
    expect(last).toBeGreaterThan(10);
    for (const follower of followers) {
      expect(follower.sequence.hasGap).toBe(false);
      expect(follower.strangers).toBe(0);
    }

    const resynced = expectOk(await request(amina.socket, 'stage:resync', {}));
    expect(resynced.stamp).toEqual({ epoch: amina.joined.stage.epoch, seq: last });
    expect(resynced.self).toMatchObject({ displayName: 'Amina', handRaisedAt: null, seat: 'audience' });
    // The audience is not shown to Amina: the stage and the moderators only.
    expect(resynced.peers.map((peer) => peer.displayName).sort()).toEqual(['Mira', 'Sol']);
    expect(resynced.peers.find((peer) => peer.displayName === 'Sol')?.producers).toEqual([]);
    expect(resynced.audienceCount).toBe(2);
  });
});
