import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectRejection } from '../../shared/events.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { issueToken } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

describe('connection handshake', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.dispose();
  });

  /** Connects with the given auth and returns the typed rejection, or 'connected'. */
  function attempt(auth: unknown): Promise<ConnectRejection | 'connected'> {
    const socket = connect(platform.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: auth as object });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', (error) => resolve((error as Error & { data: ConnectRejection }).data));
    });
  }

  it('accepts a valid token with the current protocol version', async () => {
    const { token } = await issueToken(platform.url, 'Ana');
    expect(await attempt({ token, protocolVersion: PROTOCOL_VERSION })).toBe('connected');
  });

  it('rejects another protocol version with a typed PROTOCOL_MISMATCH', async () => {
    const { token } = await issueToken(platform.url, 'Ana');
    expect(await attempt({ token, protocolVersion: PROTOCOL_VERSION + 1 })).toEqual({
      code: 'PROTOCOL_MISMATCH',
      message: expect.stringContaining('reload'),
      serverProtocolVersion: PROTOCOL_VERSION,
    });
  });

  it('rejects a forged or missing token', async () => {
    expect(await attempt({ token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged', protocolVersion: PROTOCOL_VERSION })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await attempt({})).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(await attempt({ token: 'x'.repeat(10_000), protocolVersion: PROTOCOL_VERSION })).toMatchObject({
      code: 'INVALID_PAYLOAD',
    });
  });

  it('answers identity requests with a clear error for bad names', async () => {
    const response = await fetch(`${platform.url}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: '   ' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    const malformed = await fetch(`${platform.url}/api/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
  });
});
