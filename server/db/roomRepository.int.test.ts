import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { openDatabase, type Database } from './database.js';
import { createRoomRepository, RoomNotFoundError, type RoomRepository } from './roomRepository.js';
import { DEMO_ROOMS, seedDemoEdition } from './seed.js';

const logger = pino({ level: 'silent' });

describe.each([{ kind: 'embedded' }, { kind: 'postgres' }] as const)('rooms on $kind', ({ kind }) => {
  let tmp: string;
  let testDatabase: TestDatabase | undefined;
  let db: Database;
  let rooms: RoomRepository;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-rooms-'));
    testDatabase = kind === 'postgres' ? await createTestDatabase() : undefined;
    db = await openDatabase({ databaseUrl: testDatabase?.url, dataDir: tmp, logger });
    rooms = createRoomRepository(db.prisma);
  });

  afterAll(async () => {
    await db?.close();
    await testDatabase?.drop();
    await rm(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await db.prisma.roomVisit.deleteMany();
    await db.prisma.room.deleteMany();
    await db.prisma.event.deleteMany();
  });

  it('seeds the demo edition once, however often it runs: organisers’ changes stay', async () => {
    await seedDemoEdition(db.prisma);
    await db.prisma.room.update({ where: { id: 'buzz-groups' }, data: { title: 'Renamed' } });
    await db.prisma.session.deleteMany({ where: { roomId: 'icsw-local' } });
    const ids = await seedDemoEdition(db.prisma);

    const listed = await rooms.listRooms();
    expect(ids).toEqual(DEMO_ROOMS.map((room) => room.id));
    expect([...listed].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      DEMO_ROOMS.map(({ id, title, description }) => ({ id, title: id === 'buzz-groups' ? 'Renamed' : title, description })).sort((a, b) =>
        a.id.localeCompare(b.id),
      ),
    );
    expect(await db.prisma.event.count()).toBe(1);
    expect(await db.prisma.session.count({ where: { roomId: 'icsw-local' } })).toBe(0);
  });

  it('links the rooms an install from before events kept to the demo sessions, keeping what they hold', async () => {
    await db.prisma.room.create({ data: { id: 'people-power', title: 'Old title', description: '' } });
    await seedDemoEdition(db.prisma);
    const session = await db.prisma.session.findUniqueOrThrow({ where: { roomId: 'people-power' }, select: { title: true } });
    expect(session.title).toBe(DEMO_ROOMS[0]!.title);
    expect((await db.prisma.room.findUniqueOrThrow({ where: { id: 'people-power' } })).title).toBe('Old title');
  });

  it('gives demo rooms URL-safe ids and ICSW content', async () => {
    for (const room of DEMO_ROOMS) {
      expect(room.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(encodeURIComponent(room.id)).toBe(room.id);
      expect(room.title.length).toBeGreaterThan(0);
      expect(room.description.length).toBeGreaterThan(0);
    }
    const text = DEMO_ROOMS.map((room) => `${room.title} ${room.description}`).join(' ').toLowerCase();
    for (const topic of ['people power', 'buzz group', 'ignite']) expect(text).toContain(topic);
  });

  it('returns plain room summaries, and null for an unknown id', async () => {
    await db.prisma.room.create({ data: { id: 'ignite-talks', title: 'Ignite', description: 'Short talks' } });

    // Exactly these keys: no createdAt or other Prisma fields leak out.
    expect(await rooms.getRoom('ignite-talks')).toStrictEqual({
      id: 'ignite-talks',
      title: 'Ignite',
      description: 'Short talks',
    });
    expect(await rooms.listRooms()).toStrictEqual([{ id: 'ignite-talks', title: 'Ignite', description: 'Short talks' }]);
    expect(await rooms.getRoom('nowhere')).toBeNull();
  });

  it('lists rooms oldest first', async () => {
    await db.prisma.room.create({ data: { id: 'b-first', title: 'B', createdAt: new Date('2026-01-01T00:00:00Z') } });
    await db.prisma.room.create({ data: { id: 'a-second', title: 'A', createdAt: new Date('2026-01-02T00:00:00Z') } });

    expect((await rooms.listRooms()).map((room) => room.id)).toEqual(['b-first', 'a-second']);
  });

  it('records a visit from join to leave', async () => {
    await seedDemoEdition(db.prisma);

    const visitId = await rooms.startVisit({ roomId: 'buzz-groups', peerId: 'peer-1', userId: 'user-1', role: 'participant', displayName: 'Ama' });

    const open = await db.prisma.roomVisit.findUniqueOrThrow({ where: { id: visitId } });
    expect(open).toMatchObject({ roomId: 'buzz-groups', peerId: 'peer-1', displayName: 'Ama', leftAt: null });
    expect(open.joinedAt).toBeInstanceOf(Date);

    await rooms.endVisit(visitId);
    const ended = await db.prisma.roomVisit.findUniqueOrThrow({ where: { id: visitId } });
    expect(ended.leftAt).toBeInstanceOf(Date);
    expect(ended.leftAt!.getTime()).toBeGreaterThanOrEqual(open.joinedAt.getTime());

    // Ending again (a duplicate disconnect) keeps the first leave time.
    await rooms.endVisit(visitId);
    const again = await db.prisma.roomVisit.findUniqueOrThrow({ where: { id: visitId } });
    expect(again.leftAt).toEqual(ended.leftAt);
  });

  it('ignores ending an unknown visit', async () => {
    await expect(rooms.endVisit('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
  });

  it('records visits that start and end together; a room that does not exist fails only its own', async () => {
    await seedDemoEdition(db.prisma);
    const started = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rooms
          .startVisit({ roomId: i === 7 ? 'nowhere' : 'buzz-groups', peerId: `peer-${i}`, userId: `user-${i}`, role: 'participant', displayName: `P${i}` })
          .catch((error: unknown) => error),
      ),
    );
    expect(started[7]).toBeInstanceOf(RoomNotFoundError);
    const visitIds = started.filter((result): result is string => typeof result === 'string');
    expect(visitIds).toHaveLength(19);
    expect(await db.prisma.roomVisit.count({ where: { id: { in: visitIds }, leftAt: null } })).toBe(19);
    await Promise.all(visitIds.map((visitId) => rooms.endVisit(visitId)));
    expect(await db.prisma.roomVisit.count({ where: { leftAt: null } })).toBe(0);
  });

  it("reads a room's parent, controls and programme gate together, and null for an unknown id", async () => {
    await seedDemoEdition(db.prisma);
    await db.prisma.room.update({ where: { id: 'buzz-groups' }, data: { isLocked: true, isRosterVisible: true } });
    const session = await db.prisma.session.findUniqueOrThrow({ where: { roomId: 'buzz-groups' } });
    expect(await rooms.joinFacts('buzz-groups')).toStrictEqual({
      parentRoomId: null,
      controls: { isLocked: true, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible: true },
      programme: { sessionId: session.id, eventId: session.eventId, isDraft: false, requiresAccount: false },
    });
    // An unpublished event makes every one of its rooms a draft's.
    await db.prisma.event.update({ where: { id: session.eventId }, data: { status: 'draft' } });
    expect((await rooms.joinFacts('buzz-groups'))?.programme?.isDraft).toBe(true);
    expect(await rooms.joinFacts('nowhere')).toBeNull();
  });

  it('records which process a visit is on, and finds the open visits of each', async () => {
    await seedDemoEdition(db.prisma);
    const onA = createRoomRepository(db.prisma, { processId: 'process-a' });
    const onB = createRoomRepository(db.prisma, { processId: 'process-b' });
    const visit = (repository: RoomRepository, peerId: string) =>
      repository.startVisit({ roomId: 'buzz-groups', peerId, userId: `user-${peerId}`, role: 'participant', displayName: peerId });
    const a1 = await visit(onA, 'a1');
    const a2 = await visit(onA, 'a2');
    await visit(onB, 'b1');
    // Written before processes were recorded.
    const old = await visit(rooms, 'old');
    await onA.endVisit(a2);

    expect(await db.prisma.roomVisit.findUniqueOrThrow({ where: { id: a1 } })).toMatchObject({ processId: 'process-a' });
    expect((await rooms.processesWithOpenVisits()).sort()).toEqual(['process-a', 'process-b', null].sort());
    expect(await rooms.openVisitsOf('process-a', 10)).toEqual([{ id: a1, roomId: 'buzz-groups', peerId: 'a1' }]);
    expect(await rooms.openVisitsOf(null, 10)).toEqual([{ id: old, roomId: 'buzz-groups', peerId: 'old' }]);
  });

  it("closes a dead process's visits once, keeping the first leave time", async () => {
    await seedDemoEdition(db.prisma);
    const onA = createRoomRepository(db.prisma, { processId: 'process-a' });
    const visitIds = await Promise.all(
      ['a1', 'a2', 'a3'].map((peerId) =>
        onA.startVisit({ roomId: 'buzz-groups', peerId, userId: peerId, role: 'participant', displayName: peerId }),
      ),
    );
    await onA.endVisit(visitIds[0]!);
    const endedFirst = await db.prisma.roomVisit.findUniqueOrThrow({ where: { id: visitIds[0]! } });

    expect(await rooms.openVisitsOf('process-a', 1)).toHaveLength(1);
    expect(await rooms.closeVisits(visitIds)).toBe(2);
    expect(await rooms.closeVisits(visitIds)).toBe(0);
    expect(await rooms.closeVisits([])).toBe(0);
    expect(await rooms.openVisitsOf('process-a', 10)).toEqual([]);
    expect((await db.prisma.roomVisit.findUniqueOrThrow({ where: { id: visitIds[0]! } })).leftAt).toEqual(endedFirst.leftAt);
  });

  it('closes at start-up what other processes left open, and nothing of its own', async () => {
    await seedDemoEdition(db.prisma);
    const earlier = createRoomRepository(db.prisma, { processId: 'earlier' });
    const current = createRoomRepository(db.prisma, { processId: 'current' });
    const start = (repository: RoomRepository, peerId: string) =>
      repository.startVisit({ roomId: 'buzz-groups', peerId, userId: peerId, role: 'participant', displayName: peerId });
    await start(earlier, 'e1');
    await start(rooms, 'unrecorded');
    const mine = await start(current, 'c1');

    expect(await current.closeVisitsOfOtherProcesses('current')).toBe(2);
    expect(await db.prisma.roomVisit.findMany({ where: { leftAt: null }, select: { id: true } })).toEqual([{ id: mine }]);
  });

  it('refuses a visit to a room that does not exist', async () => {
    const error = await rooms
      .startVisit({ roomId: 'nowhere', peerId: 'peer-1', userId: 'user-1', role: 'participant', displayName: 'Ama' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RoomNotFoundError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', roomId: 'nowhere' });
    expect(await db.prisma.roomVisit.count()).toBe(0);
  });
});
