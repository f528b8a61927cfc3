import { describe, expect, it } from 'vitest';
import { RequestError } from '../realtime/requestError.js';
import { sendWithRetries } from './sendWithRetries.js';

const storageDown = () => new RequestError('UNAVAILABLE', "the server's storage is not answering", undefined, 'storage');

/** A send that fails with `failures` in turn, then answers `{ posted: payload }`; it keeps every payload it got. */
function scriptedSend(failures: unknown[]) {
  const sent: unknown[] = [];
  const send = (payload: { body: string; requestId: string }) => {
    sent.push(payload);
    const failure = failures.shift();
    return failure === undefined ? Promise.resolve({ posted: payload }) : Promise.reject(failure);
  };
  return { send, sent };
}

/** Records the waits instead of waiting. */
function noWaiting() {
  const waits: number[] = [];
  return { waits, wait: async (ms: number) => void waits.push(ms) };
}

describe('sendWithRetries', () => {
  it('sends the very same payload again (same requestId) while storage does not answer or no answer comes', async () => {
    const payload = { body: 'Is this recorded?', requestId: 'req-1' };
    const { send, sent } = scriptedSend([storageDown(), new RequestError('TIMEOUT', 'no answer'), storageDown()]);
    const { waits, wait } = noWaiting();
    const retried: unknown[] = [];

    const result = await sendWithRetries(send, payload, { wait, delayMs: (failures) => 100 * (failures + 1), onRetrying: (error) => retried.push(error) });

    expect(result).toEqual({ posted: payload });
    expect(sent).toHaveLength(4);
    for (const attempt of sent) expect(attempt).toBe(payload);
    expect(waits).toEqual([100, 200, 300]);
    expect(retried.map((error) => (error as RequestError).code)).toEqual(['UNAVAILABLE', 'TIMEOUT', 'UNAVAILABLE']);
  });

  it('gives up after the last delay, rejecting with the last failure', async () => {
    const { send, sent } = scriptedSend([storageDown(), storageDown(), storageDown()]);
    const { wait } = noWaiting();

    const failure = await sendWithRetries(send, { body: 'Hello', requestId: 'req-2' }, { wait, delayMs: (failures) => (failures < 2 ? 10 : null) }).catch(
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({ code: 'UNAVAILABLE', reason: 'storage' });
    expect(sent).toHaveLength(3);
  });

  it('does not send again what the server refused, nor when offline', async () => {
    for (const refusal of [new RequestError('RATE_LIMITED', 'slow down'), new RequestError('FORBIDDEN', 'muted'), new RequestError('DISCONNECTED', 'offline')]) {
      const { send, sent } = scriptedSend([refusal]);
      const retried: unknown[] = [];
      await expect(sendWithRetries(send, { body: 'Hi', requestId: 'req-3' }, { wait: noWaiting().wait, onRetrying: (error) => retried.push(error) })).rejects.toBe(refusal);
      expect(sent).toHaveLength(1);
      expect(retried).toEqual([]);
    }
  });

  it('backs off by default: a few attempts, each wait longer than the one before', async () => {
    const { send, sent } = scriptedSend(Array.from({ length: 10 }, storageDown));
    const { waits, wait } = noWaiting();

    await expect(sendWithRetries(send, { body: 'Hi', requestId: 'req-4' }, { wait })).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    expect(sent.length).toBe(waits.length + 1);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    for (let index = 1; index < waits.length; index += 1) expect(waits[index]!).toBeGreaterThan(waits[index - 1]!);
  });
});
