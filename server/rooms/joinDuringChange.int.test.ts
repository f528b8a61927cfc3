import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomControls } from '../../shared/conversation.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, issueToken, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** Generous, for a busy machine. */
const WAIT_MS = 30_000;

/**
 * A join reads the room's controls first and joins the room's channels
 * later: a moderator's switch landing in between must still reach the
 * joiner, in the answer or as an event heard after it. The join is held
 * in between for certain by a lock on the attendance table, which a
 * returning person's join reads there when the room has a lobby.
 */
describe('a join while a moderator changes the room (real server and database)', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];

  async function connect(name: string, options: { moderator?: boolean; token?: string } = {}) {
    const invitation = options.moderator ? await platform.invite(roomId, 'moderator') : undefined;
    const token = options.token ?? (await issueToken(platform.url, name, invitation)).token;
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    return { socket, token };
  }

  /** Resolves once a read of the attendance table waits for a lock. */
  async function blockedOnVisits(): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const [row] = await platform.db.prisma.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'select%"RoomVisit"%'`;
      if (row && row.waiting > 0) return;
      if (Date.now() > deadline) throw new Error('the join never reached the attendance table');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = asRoomId(rooms[0]!.id);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('tells the joiner of a lock, audience chat turned off and the roster opened while they were joining', async () => {
    const moderator = await connect('Mina', { moderator: true });
    expectOk(await request(moderator.socket, 'room:join', { roomId }));
    // Pat has been here before (a visit on record), left, and comes back to a room with a lobby.
    const pat = await connect('Pat');
    const userId = expectOk(await request(pat.socket, 'room:join', { roomId })).self.userId;
    await expect
      .poll(() => platform.db.prisma.roomVisit.count({ where: { roomId, userId } }), { timeout: WAIT_MS })
      .toBeGreaterThan(0);
    expectOk(await request(pat.socket, 'room:leave', {}));
    expectOk(await request(moderator.socket, 'room:set-controls', { hasLobby: true }));

    const heard: RoomControls[] = [];
    pat.socket.on('room:controls-changed', (controls) => heard.push(controls));
    const change = { isLocked: true, isAudienceChatEnabled: false, isRosterVisible: true };
    const joining = await platform.db.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`LOCK TABLE "RoomVisit" IN ACCESS EXCLUSIVE MODE`;
        // Pat's join has read the controls and waits, not yet in the room's channels.
        const answer = request(pat.socket, 'room:join', { roomId });
        await blockedOnVisits();
        expectOk(await request(moderator.socket, 'room:set-controls', change));
        return { answer };
      },
      { timeout: WAIT_MS },
    );
    const joined = expectOk(await joining.answer);
    const seen = heard.at(-1) ?? joined.conversation.controls;
    expect(seen).toMatchObject(change);
    // The live room follows the roster rule too.
    expectOk(await request(pat.socket, 'peers:list', {}));
  });
});
