import { describe, expect, it } from 'vitest';
import { RequestError } from '../realtime/requestError.js';
import { checkDelayMs, isResendable, isRetryable, mediaRetryDelayMs, resendDelayMs, retryDelayMs } from './retryPolicy.js';

describe('retryDelayMs', () => {
  it('backs off, spreads clients around each step, and gives up after the last', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(500);
    expect(retryDelayMs(0, () => 0)).toBe(375);
    expect(retryDelayMs(0, () => 1)).toBe(625);
    expect(retryDelayMs(3, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(6, () => 0.5)).toBeNull();
  });
});

describe('checkDelayMs', () => {
  it('spreads the asks after a check over the next second', () => {
    expect(checkDelayMs(() => 0)).toBe(0);
    expect(checkDelayMs(() => 0.5)).toBe(500);
    expect(checkDelayMs(() => 0.9999)).toBe(999);
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

describe('isResendable', () => {
  it('sends a person\'s action again as it was only when storage did not answer or no answer came', () => {
    expect(isResendable(new RequestError('UNAVAILABLE', 'storage', undefined, 'storage'))).toBe(true);
    expect(isResendable(new RequestError('TIMEOUT', 'no answer'))).toBe(true);
    // The server's own answer about the action: shown, not repeated.
    expect(isResendable(new RequestError('RATE_LIMITED', 'slow down'))).toBe(false);
    expect(isResendable(new RequestError('INTERNAL', 'bug'))).toBe(false);
    expect(isResendable(new RequestError('FORBIDDEN', 'muted'))).toBe(false);
    // Offline: nothing was sent; the draft waits for the person.
    expect(isResendable(new RequestError('DISCONNECTED', 'offline'))).toBe(false);
    expect(isResendable(new Error('boom'))).toBe(false);
  });
});

describe('resendDelayMs', () => {
  it('backs off with jitter for a few attempts, then leaves it to the person', () => {
    expect(resendDelayMs(0, () => 0.5)).toBe(500);
    expect(resendDelayMs(1, () => 0)).toBe(750);
    expect(resendDelayMs(3, () => 0.5)).toBe(4_000);
    expect(resendDelayMs(4, () => 0.5)).toBeNull();
  });
});
