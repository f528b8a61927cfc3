import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type PeerId, type RoomId } from '../../shared/ids.js';
import type { Peer } from '../media/peer.js';
import { expectMediaFrom, joinRoomPage, launchChromium, receivedByPeer } from '../test/browser.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** Who is put where: group 3 starts empty, so its room opens only when someone is moved there. */
const GROUPS = [['Ama', 'Bo'], ['Chen', 'Dee'], []] as const;
const MODERATOR = 'Mod';
const GUEST = `${MODERATOR} (to all groups)`;
/** Pages move between rooms by themselves; media takes a while to start on a busy 2-core machine. */
const WAIT = { timeout: 60_000 };
const TEST_TIMEOUT = 300_000;

/**
 * Buzz groups with real media: each group is its own room, and what people
 * send reaches their group only; a moderator speaking to all groups is
 * heard in every group (also one whose room opens while they speak) until
 * they stop or leave; when all groups end, everyone is back on the main
 * session's stage. The tests run in order, as one round of buzz groups.
 * Needs the built client (npm run build:client), Chromium and PostgreSQL.
 */
describe('buzz groups with real media (mediasoup, Chromium, PostgreSQL)', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let sessionId: RoomId;
  /** A moderator's connection that drafts, starts, moves and ends, as the moderators' panel does. */
  let desk: TestSocket;
  /** Every open page by its person's name: the four speakers and the moderator. */
  const pages = new Map<string, Page>();
  const userIds = new Map<string, string>();
  let groupRooms: RoomId[] = [];

  /** Someone's live peer in a room (not a guest, not waiting to reconnect). */
  function peerNamed(roomId: RoomId, name: string): Peer | undefined {
    return platform.app.registry
      .get(roomId)
      ?.peerList()
      .find((peer) => peer.identity.displayName === name && !peer.isReconnecting);
  }

  /** Waits until someone (or a guest) is in a room; their peer id there. */
  async function peerIdIn(roomId: RoomId, name: string): Promise<PeerId> {
    await expect.poll(() => peerNamed(roomId, name)?.id, WAIT).toBeDefined();
    return peerNamed(roomId, name)!.id;
  }

  function guestsIn(roomId: RoomId): string[] {
    const room = platform.app.registry.get(roomId);
    return (room?.peerList() ?? []).filter((peer) => room!.isGuest(peer)).map((peer) => peer.identity.displayName);
  }

  function pageOf(name: string): Page {
    const page = pages.get(name);
    if (!page) throw new Error(`no page for ${name}`);
    return page;
  }

  beforeAll(async () => {
    // Two workers: rooms span both, so the relays into group rooms cross workers as in production.
    platform = await startTestPlatform({ MEDIA_WORKERS: '2' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = asRoomId(rooms[2]!.id);
    // Five pages each send a camera: a slower fake camera keeps two cores ahead of the encoders.
    browser = await launchChromium({ cameraFps: 10 });
    desk = await connectClient(platform.url, 'Desk', { invitation: await platform.invite(sessionId, 'moderator') });
    expectOk(await request(desk, 'room:join', { roomId: sessionId }));
  });

  afterAll(async () => {
    desk?.disconnect();
    await browser?.close();
    await platform?.dispose();
  });

  it('moves each person into their group by themselves, where they see and hear their group-mate and no one else', async () => {
    // Moderators and speakers join on stage and send their camera and microphone.
    const link = async (role: 'moderator' | 'speaker') =>
      `${platform.url}/r/${sessionId}?invite=${await platform.invite(sessionId, role)}`;
    // Wide enough that every tile of the main stage is on screen (off-screen tiles receive no video).
    const options = { ...WAIT, viewport: { width: 1920, height: 1080 } };
    pages.set(MODERATOR, await joinRoomPage(browser, await link('moderator'), MODERATOR, options));
    for (const name of GROUPS.flat()) pages.set(name, await joinRoomPage(browser, await link('speaker'), name, options));
    for (const name of GROUPS.flat()) userIds.set(name, peerNamed(sessionId, name)!.identity.userId);
    expectOk(await request(desk, 'buzz:draft', { split: { groups: GROUPS.length }, method: 'hand' }));
    expectOk(
      await request(desk, 'buzz:update-draft', {
        groups: GROUPS.map((members, index) => ({
          name: `Group ${index + 1}`,
          prompt: '',
          facilitatorUserId: null,
          members: members.map((name) => userIds.get(name)!),
        })),
        lateArrivals: 'wait',
        selfSelectCap: null,
      }),
    );
    const round = expectOk(await request(desk, 'buzz:start', { durationMs: 30 * 60_000 }));
    groupRooms = round.groups.map((group) => group.roomId!);

    for (const [index, members] of GROUPS.entries()) {
      for (const [position, name] of members.entries()) {
        const mate = members[1 - position]!;
        const mateId = await peerIdIn(groupRooms[index]!, mate);
        const page = pageOf(name);
        await expectMediaFrom(page, mateId, WAIT);
        // Everything the page receives comes from its group-mate: nothing from the other group.
        expect([...(await receivedByPeer(page)).keys()], name).toEqual([mateId]);
      }
      const inRoom = platform.app.registry.get(groupRooms[index]!)?.peerList() ?? [];
      expect(inRoom.map((peer) => peer.identity.displayName).sort()).toEqual([...members].sort());
    }
    // Nobody has entered group 3 yet: it has no room.
    expect(platform.app.registry.get(groupRooms[2]!)).toBeUndefined();
  }, TEST_TIMEOUT);

  it('lets the moderator speak to all groups, a group opened meanwhile included, until they stop or leave', async () => {
    const moderator = pageOf(MODERATOR);
    await moderator.getByRole('button', { name: 'Groups', exact: true }).click();
    const speakToAll = moderator.getByRole('button', { name: 'Speak to all groups' });
    await speakToAll.click();
    await expect.poll(() => speakToAll.getAttribute('aria-pressed'), WAIT).toBe('true');

    // Each open group's room has the moderator's voice as a guest, and its people hear it.
    const [first, second, third] = groupRooms as [RoomId, RoomId, RoomId];
    const guestInFirst = await peerIdIn(first, GUEST);
    await expectMediaFrom(pageOf('Ama'), guestInFirst, { video: false, ...WAIT });
    await expectMediaFrom(pageOf('Chen'), await peerIdIn(second, GUEST), { video: false, ...WAIT });

    // Dee is moved to group 3, whose room opens only now, while the moderator speaks: it hears them too.
    expect(platform.app.registry.get(third)).toBeUndefined();
    expectOk(await request(desk, 'buzz:move', { userId: userIds.get('Dee')!, toGroup: 2 }));
    await peerIdIn(third, 'Dee');
    await expectMediaFrom(pageOf('Dee'), await peerIdIn(third, GUEST), { video: false, ...WAIT });

    // Stopping takes the guest out of every group; the server closes what members received of it.
    const guestMicrophone = platform.app.registry.get(first)!.peer(guestInFirst).producerInfos()[0]!.producerId;
    await speakToAll.click();
    await expect.poll(() => speakToAll.getAttribute('aria-pressed'), WAIT).toBe('false');
    for (const roomId of groupRooms) await expect.poll(() => guestsIn(roomId), WAIT).toEqual([]);
    await expect.poll(() => peerNamed(first, 'Ama')?.isConsuming(guestMicrophone), WAIT).toBe(false);
    await expect.poll(async () => (await receivedByPeer(pageOf('Ama'))).has(guestInFirst), WAIT).toBe(false);

    // Speaking again reaches the groups again.
    await speakToAll.click();
    await expect.poll(() => speakToAll.getAttribute('aria-pressed'), WAIT).toBe('true');
    for (const roomId of groupRooms) await expect.poll(() => guestsIn(roomId), WAIT).toEqual([GUEST]);
    await expectMediaFrom(pageOf('Ama'), await peerIdIn(first, GUEST), { video: false, ...WAIT });

    // The moderator leaving (their microphone goes with them) takes the guests out too.
    pages.delete(MODERATOR);
    await moderator.context().close();
    for (const roomId of groupRooms) await expect.poll(() => guestsIn(roomId), WAIT).toEqual([]);
  }, TEST_TIMEOUT);

  it('brings everyone back to the main stage when all groups end, with group media gone', async () => {
    const ended = expectOk(await request(desk, 'buzz:end', { countdownMs: 0 }));
    expect(ended.phase).toBe('ended');
    // Everyone left their group by themselves, so its room closed.
    for (const roomId of groupRooms) await expect.poll(() => platform.app.registry.get(roomId), WAIT).toBeUndefined();

    const names = [...pages.keys()];
    const mainIds = new Map<string, PeerId>();
    for (const name of names) mainIds.set(name, await peerIdIn(sessionId, name));
    for (const name of names) {
      const page = pageOf(name);
      const others = names.filter((other) => other !== name).map((other) => mainIds.get(other)!);
      const before = await receivedByPeer(page);
      // Everyone on the main stage is seen and heard again.
      for (const peerId of others) await expectMediaFrom(page, peerId, WAIT);
      // Group media is gone with the groups: every track received comes from the main stage, and
      // streams of closed consumers (no longer attributed to anyone) stayed still meanwhile.
      const after = await receivedByPeer(page);
      const senders = [...after.keys()].filter((sender) => sender !== null);
      expect(senders.filter((sender) => !others.includes(sender as PeerId)), name).toEqual([]);
      const [stale, staleBefore] = [after.get(null), before.get(null)];
      expect((stale?.audioPackets ?? 0) > (staleBefore?.audioPackets ?? 0), name).toBe(false);
      expect((stale?.framesDecoded ?? 0) > (staleBefore?.framesDecoded ?? 0), name).toBe(false);
    }
  }, TEST_TIMEOUT);
});
