import { describe, expect, it } from 'vitest';
import { RequestError } from '../realtime/requestError.js';
import { isRetryable, retryDelayMs } from './retryPolicy.js';

describe('retryDelayMs', () => {
  it('backs off, spreads clients around each step, and gives up after the last', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(500);
    expect(retryDelayMs(0, () => 0)).toBe(375);
    expect(retryDelayMs(0, () => 1)).toBe(625);
    expect(retryDelayMs(3, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(6, () => 0.5)).toBeNull();
  });
});

describe('isRetryable', () => {
  it('retries what can pass on its own, not what needs a person', () => {
    expect(isRetryable(new RequestError('UNAVAILABLE', 'worker lost'))).toBe(true);
    expect(isRetryable(new RequestError('TIMEOUT', 'slow'))).toBe(true);
    expect(isRetryable(new RequestError('NOT_FOUND', 'no room'))).toBe(false);
    expect(isRetryable(new RequestError('FORBIDDEN', 'no'))).toBe(false);
    expect(isRetryable(new Error('unsupported browser'))).toBe(false);
  });
});
