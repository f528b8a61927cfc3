import { describe, expect, it } from 'vitest';
import { screenShareFailure } from './screenShareFailure.js';

describe('screenShareFailure', () => {
  it('says nothing when the person cancelled the picker', () => {
    // Chromium's and Firefox's words when the picker is closed.
    expect(screenShareFailure(new DOMException('Permission denied', 'NotAllowedError'))).toEqual({ reason: 'cancelled', message: null });
    expect(
      screenShareFailure(new DOMException('The request is not allowed by the user agent or the platform in the current context.', 'NotAllowedError')),
    ).toEqual({ reason: 'cancelled', message: null });
  });

  it('tells how to allow sharing when the system or a policy refuses it', () => {
    for (const words of ['Permission denied by system', 'Access to the feature "display-capture" is disallowed by permissions policy.']) {
      const failure = screenShareFailure(new DOMException(words, 'NotAllowedError'));
      expect(failure.reason).toBe('not-allowed');
      expect(failure.message).toMatch(/does not allow this site to share your screen.*Screen Recording/);
    }
  });

  it('says the browser cannot share a screen when it has no screen sharing', () => {
    expect(screenShareFailure(new DOMException('no screen sharing', 'NotSupportedError')).message).toMatch(/cannot share a screen/);
    expect(screenShareFailure(new TypeError('navigator.mediaDevices.getDisplayMedia is not a function')).reason).toBe('not-supported');
  });

  it('never speaks of a camera or microphone', () => {
    for (const name of ['NotFoundError', 'NotReadableError', 'AbortError', 'InvalidStateError']) {
      const failure = screenShareFailure(new DOMException('x', name));
      expect(failure.reason).toBe('failed');
      expect(failure.message).toMatch(/Your screen could not be shared/);
      expect(failure.message).not.toMatch(/camera|microphone/i);
    }
    expect(screenShareFailure('weird').reason).toBe('failed');
  });
});
