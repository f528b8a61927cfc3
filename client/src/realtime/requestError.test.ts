import { describe, expect, it } from 'vitest';
import {
  describeActionError,
  describeError,
  describeRetrying,
  isStorageUnavailable,
  readConnectRejection,
  RequestError,
  unwrapAck,
} from './requestError.js';

describe('unwrapAck', () => {
  it('returns the data of a successful ack', () => {
    expect(unwrapAck({ ok: true, data: { roomId: 'people-power' } })).toEqual({ roomId: 'people-power' });
  });

  it('throws a RequestError carrying the server code and message', () => {
    const failing = () => unwrapAck({ ok: false, error: { code: 'NOT_FOUND', message: 'no such room' } });
    expect(failing).toThrow(RequestError);
    expect(failing).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no such room' }));
  });

  it("keeps the reason of an UNAVAILABLE: the server's storage is not answering", () => {
    const failing = () =>
      unwrapAck({ ok: false, error: { code: 'UNAVAILABLE', message: "the server's storage is not answering", reason: 'storage' } });
    expect(failing).toThrow(expect.objectContaining({ code: 'UNAVAILABLE', reason: 'storage' }));
  });
});

describe('a storage that does not answer', () => {
  const storage = new RequestError('UNAVAILABLE', 'database stalled', undefined, 'storage');
  const otherwise = new RequestError('UNAVAILABLE', 'media worker lost');

  it('is told apart from any other UNAVAILABLE by its reason', () => {
    expect(isStorageUnavailable(storage)).toBe(true);
    expect(isStorageUnavailable(otherwise)).toBe(false);
    expect(isStorageUnavailable(new RequestError('TIMEOUT', 'slow'))).toBe(false);
  });

  it('says "Reconnecting to the server\'s storage…" while retried, and what is wrong once that stopped', () => {
    expect(describeRetrying(storage)).toBe("Reconnecting to the server's storage…");
    expect(describeError(storage)).toBe("The server's storage is not answering. Please try again in a moment.");
    expect(describeError(otherwise)).toBe('The service is busy or restarting. Please try again in a moment.');
  });

  it('says a slow answer is being tried again, not "please try again", while retried', () => {
    expect(describeRetrying(new RequestError('TIMEOUT', 'no answer'))).toBe('The server is slow to answer. Trying again…');
    expect(describeRetrying(otherwise)).toBe(describeError(otherwise));
  });
});

describe('readConnectRejection', () => {
  it('reads a typed refusal from a connect_error', () => {
    const error = Object.assign(new Error('refused'), {
      data: { code: 'PROTOCOL_MISMATCH', message: 'client speaks 0', serverProtocolVersion: 2 },
    });
    expect(readConnectRejection(error)).toEqual({
      code: 'PROTOCOL_MISMATCH',
      message: 'client speaks 0',
      serverProtocolVersion: 2,
    });
  });

  it('treats transport failures (no data) as retryable, not as a refusal', () => {
    expect(readConnectRejection(new Error('xhr poll error'))).toBeNull();
  });

  it('ignores codes a handshake cannot be refused with', () => {
    const error = Object.assign(new Error('x'), { data: { code: 'NOT_FOUND', message: 'x' } });
    expect(readConnectRejection(error)).toBeNull();
  });
});

describe('describeError', () => {
  it('speaks from the code, not the developer message', () => {
    const message = describeError(new RequestError('PROTOCOL_MISMATCH', 'v1 != v2'));
    expect(message).toContain('reload');
    expect(message).not.toContain('v1');
  });

  it('explains a blocked camera without blocking the join', () => {
    expect(describeError(new DOMException('denied', 'NotAllowedError'))).toMatch(/blocked.*still join/);
  });

  it('has a fallback for anything else', () => {
    expect(describeError('boom')).toBe('Something went wrong. Please try again.');
  });
});

describe('describeActionError', () => {
  it('tells someone sending too fast to wait', () => {
    expect(describeActionError(new RequestError('RATE_LIMITED', 'slow down'))).toBe('You are sending too fast; wait a moment and try again.');
  });

  it('otherwise says what describeError says', () => {
    expect(describeActionError(new RequestError('FORBIDDEN', 'no'))).toBe(describeError(new RequestError('FORBIDDEN', 'no')));
  });
});

describe('joining a locked room', () => {
  it('says that nobody new can join', () => {
    expect(describeError(new RequestError('ROOM_LOCKED', 'locked'))).toBe('This session is locked; no new participants can join.');
  });
});
