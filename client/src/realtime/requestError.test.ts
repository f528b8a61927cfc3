import { describe, expect, it } from 'vitest';
import { describeActionError, describeError, readConnectRejection, RequestError, unwrapAck } from './requestError.js';

describe('unwrapAck', () => {
  it('returns the data of a successful ack', () => {
    expect(unwrapAck({ ok: true, data: { roomId: 'people-power' } })).toEqual({ roomId: 'people-power' });
  });

  it('throws a RequestError carrying the server code and message', () => {
    const failing = () => unwrapAck({ ok: false, error: { code: 'NOT_FOUND', message: 'no such room' } });
    expect(failing).toThrow(RequestError);
    expect(failing).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no such room' }));
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
