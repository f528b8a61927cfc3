import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomId } from '../../shared/ids.js';
import { openDatabase, type Database } from '../db/database.js';
import { accountToken, signedUpBrowser } from '../test/httpBrowser.js';
import { startServerPair, type ServerPair } from '../test/redis.js';
import { OPUS_MICROPHONE } from '../test/rtpParameters.js';
import { connectClient, expectOk, nextEvent, request } from '../test/testClient.js';

/**
 * A role changed on one server process holds at once for someone in a room
 * on another: the change travels through Redis with the broadcasts.
 */
describe('roles changed live across two server processes', () => {
  let pair: ServerPair;
  let db: Database;
  let tmp: string;

  beforeAll(async () => {
    pair = await startServerPair({ LOG_LEVEL: 'warn' });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'convene-roles-'));
    db = await openDatabase({ databaseUrl: pair.databaseUrl, dataDir: tmp, logger: pino({ level: 'silent' }) });
  });

  afterAll(async () => {
    await db?.close();
    await pair?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('demotes a speaker on the second process when the organiser takes the role back on the first', async () => {
    const first = { url: pair.first.url, db };
    const session = await db.prisma.session.findFirstOrThrow({ where: { roomId: 'people-power' } });
    const roomId = session.roomId as RoomId;
    const olga = await signedUpBrowser(first, 'olga@example.org', 'Olga');
    // The demo edition's organiser, as the operator would make her (the first-run screen is tested elsewhere).
    await db.prisma.eventGrant.create({ data: { eventId: session.eventId, email: 'olga@example.org', role: 'organiser' } });
    const grants = `/api/console/events/${session.eventId}/sessions/${session.id}/grants`;
    expect((await olga.call('POST', grants, { email: 'sam@example.org', role: 'speaker' })).status).toBe(201);

    const sam = await signedUpBrowser(first, 'sam@example.org', 'Sam');
    const speaker = await connectClient(pair.second.url, 'Sam', { token: await accountToken(sam, roomId) });
    const viewer = await connectClient(pair.second.url, 'Viewer');
    try {
      const joined = expectOk(await request(speaker, 'room:join', { roomId }));
      expect(joined.self).toMatchObject({ role: 'speaker', seat: 'stage' });
      expectOk(await request(viewer, 'room:join', { roomId }));
      const transport = expectOk(await request(speaker, 'transport:create', { direction: 'send' }));
      const { producerId } = expectOk(
        await request(speaker, 'media:produce', { transportId: transport.id, kind: 'audio', source: 'microphone', rtpParameters: OPUS_MICROPHONE }),
      );

      const closed = nextEvent(viewer, 'producer:closed');
      const changed = nextEvent(speaker, 'role:changed');
      expect((await olga.call('POST', `${grants}/revoke`, { email: 'sam@example.org' })).status).toBe(200);
      expect(await closed).toEqual({ peerId: joined.self.peerId, producerId });
      expect((await changed).self).toMatchObject({ peerId: joined.self.peerId, role: 'participant', seat: 'audience' });
      expect(await request(speaker, 'transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      speaker.disconnect();
      viewer.disconnect();
    }
  });
});
