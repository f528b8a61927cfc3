import { describe, expect, it } from 'vitest';
import { leaveWarning } from './leaveWarning.js';

describe('leaveWarning', () => {
  it('lets a participant or a speaker go at once, recording or not', () => {
    expect(leaveWarning({ role: 'participant', isRecording: false })).toBeNull();
    expect(leaveWarning({ role: 'participant', isRecording: true })).toBeNull();
    expect(leaveWarning({ role: 'speaker', isRecording: true })).toBeNull();
  });

  it('asks a moderator first, and says so when a recording is running', () => {
    expect(leaveWarning({ role: 'moderator', isRecording: false })).toBe('moderating');
    expect(leaveWarning({ role: 'moderator', isRecording: true })).toBe('moderating-recording');
  });
});
