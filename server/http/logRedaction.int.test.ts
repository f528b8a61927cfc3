import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRoomId } from '../../shared/ids.js';
import type { RoomSummary } from '../../shared/http.js';
import { createTokenService } from '../auth/tokens.js';
import { mintInvitation } from '../test/invitations.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { spawnServer, type ServerProcess } from '../test/serverProcess.js';
import { connectClient, expectOk, issueToken, request } from '../test/testClient.js';

const SECRET = `log-redaction-${'x'.repeat(32)}`;

/**
 * Secrets never reach the logs: the real server (its own process, its real
 * logger at the most talkative level) is sent every kind of token the
 * platform has, in every place a browser or a script puts one, and its whole
 * output is searched for each of them afterwards.
 */
describe('the server log', () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-log-'));
    server = await spawnServer({ DATABASE_URL: database.url, DATA_DIR: dataDir, TOKEN_SECRET: SECRET, LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('holds no identity, invitation, media or cookie secret, wherever it was sent', async () => {
    const tokens = createTokenService(SECRET);
    const [room] = (await (await fetch(`${server.url}/api/rooms`)).json()) as RoomSummary[];
    const roomId = room!.id;
    // Genuine tokens, signed with the server's secret (whether the server still honours them does not matter here).
    const invitation = await mintInvitation(server.url, tokens, roomId, 'speaker');
    const recordingId = randomUUID();
    const mediaToken = await tokens.signMediaAccess(recordingId, 0);
    const cookieSecret = `cookie-${randomUUID()}`;
    const identity = (await issueToken(server.url, 'Ada')).token;
    const secrets = { identity, invitation, mediaToken, cookieSecret };

    const get = (pathAndQuery: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${pathAndQuery}`, { headers: { cookie: `session=${cookieSecret}`, ...headers } });
    // The pre-join screen checks the invitation in its path.
    await get(`/api/invitations/${invitation}`);
    // The page a link opens (`?invite=`), and what it sends as a referrer.
    await get(`/r/${roomId}?invite=${invitation}`, { referer: `${server.url}/r/${roomId}?invite=${invitation}` });
    // The library with an identity, and media with its signed token (`<video>` sends no headers).
    expect((await get('/api/recordings', { authorization: `Bearer ${identity}` })).status).toBe(200);
    await get(`/api/recordings/${recordingId}/media/video?token=${mediaToken}&download=1`);
    // Secrets under names the server does not know, in the query and in a path.
    await get(`/api/rooms?access_token=${identity}&t=12`);
    await get(`/api/nowhere/${mediaToken}`);
    // A failing request: the error handler's log line.
    await fetch(`${server.url}/api/identity?invite=${invitation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${identity}` },
      body: '{"displayName":',
    });
    // A real-time connection signed in with the identity.
    const socket = await connectClient(server.url, 'Ada', { token: identity });
    expectOk(await request(socket, 'room:join', { roomId: asRoomId(roomId) }));
    socket.disconnect();

    await server.stop();
    const log = server.output();
    // The requests were logged (the test would prove nothing otherwise)…
    expect(log).toContain(`"url":"/api/invitations/[redacted]"`);
    expect(log).toContain(`"url":"/api/recordings/${recordingId}/media/video?token=[redacted]&download=1"`);
    expect(log).toContain(`"url":"/api/rooms?access_token=[redacted]&t=12"`);
    expect(log).toContain('"authorization":"[redacted]"');
    expect(log).toContain(`"referer":"${server.url}/r/${roomId}?invite=[redacted]"`);
    // …and none of them left a secret behind.
    for (const [name, secret] of Object.entries(secrets)) {
      expect(log.includes(secret), `the log contains the ${name}`).toBe(false);
    }
  });
});
