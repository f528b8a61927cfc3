import { describe, expect, it } from 'vitest';
import { RequestError } from '../realtime/requestError.js';
import { isRetryable, mediaRetryDelayMs, retryDelayMs } from './retryPolicy.js';

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

describe('mediaRetryDelayMs', () => {
  it('backs off with jitter and keeps trying at the last step', () => {
    expect(mediaRetryDelayMs(0, () => 0.5)).toBe(1_000);
    expect(mediaRetryDelayMs(2, () => 0)).toBe(3_000);
    expect(mediaRetryDelayMs(5, () => 0.5)).toBe(30_000);
    expect(mediaRetryDelayMs(50, () => 1)).toBe(37_500);
  });
});
