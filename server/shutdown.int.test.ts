import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../shared/http.js';
import { spawnServer, type ServerProcess } from './test/serverProcess.js';
import { connectClient, expectOk, nextEvent, request } from './test/testClient.js';

describe('SIGTERM', () => {
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('tells connected clients, closes everything and exits 0 (embedded database)', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-shutdown-'));
    // No DATABASE_URL, no REDIS_URL: the embedded defaults a new user gets.
    // The longest graceful-stop budget the server accepts: on a loaded machine
    // closing rooms, workers and the embedded database takes longer than the
    // default 8 s, and this test is about the graceful path, not its speed.
    server = await spawnServer({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '60000' });
    const rooms = (await (await fetch(`${server.url}/api/rooms`)).json()) as RoomSummary[];
    const socket = await connectClient(server.url, 'Lima');
    expectOk(await request(socket, 'room:join', { roomId: rooms[0]!.id as never }));

    const told = nextEvent(socket, 'server:shutting-down');
    const roomClosed = nextEvent(socket, 'room:closed');
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    server.child.kill('SIGTERM');

    expect(await told).toHaveProperty('message');
    expect(await roomClosed).toMatchObject({ reason: 'shutdown', rejoin: false });
    await disconnected;
    // Exit code 0 is only reached by the graceful path; past SHUTDOWN_TIMEOUT_MS
    // the server exits 1 instead. That keeps time out of this test's own clock.
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });
});
