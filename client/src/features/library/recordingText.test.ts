import { describe, expect, it } from 'vitest';
import type { RecordingPackaging, RecordingSummary } from '../../../../shared/recordings.js';
import { RequestError } from '../../realtime/requestError.js';
import { describeLibraryError, describePackaging, formatDuration, formatRecordedAt, isPackaging, languageName } from './recordingText.js';

describe('formatDuration', () => {
  it('gives seconds, minutes, or hours and minutes', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000 + 20_000)).toBe('12 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(-1)).toBe('');
  });
});

describe('formatRecordedAt and languageName', () => {
  it('use the locale', () => {
    expect(formatRecordedAt('2026-11-25T10:00:00Z', 'en-GB')).toContain('25 Nov 2026');
    expect(formatRecordedAt(null)).toBe('');
    expect(formatRecordedAt('not a date')).toBe('');
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('sw', 'en')).toBe('Swahili');
    expect(languageName('not a code!', 'en')).toBe('not a code!');
  });
});

describe('packaging, for organisers', () => {
  const packaging = (overrides: Partial<RecordingPackaging>): RecordingPackaging => ({
    recordingState: 'complete',
    state: 'waiting',
    progress: 0,
    attempts: 0,
    error: null,
    retryAt: null,
    ...overrides,
  });

  it('says where it stands', () => {
    expect(describePackaging(packaging({ state: 'running', progress: 0.425 }))).toBe('Packaging: 43%');
    expect(describePackaging(packaging({ state: 'failed', attempts: 3, error: 'ffmpeg exited' }))).toBe('Packaging failed after 3 attempts: ffmpeg exited');
    expect(describePackaging(packaging({ state: 'waiting', attempts: 1 }))).toBe('Waiting to try packaging again.');
    expect(describePackaging(packaging({ recordingState: 'recording' }))).toBe('Still recording.');
    expect(describePackaging(packaging({ recordingState: 'failed', state: 'skipped' }))).toMatch(/failed to start/);
  });

  it('keeps the list refreshing only while something moves', () => {
    const summary = (p: RecordingPackaging | undefined) => ({ packaging: p }) as RecordingSummary;
    expect(isPackaging(summary(packaging({ state: 'running' })))).toBe(true);
    expect(isPackaging(summary(packaging({ state: 'waiting' })))).toBe(true);
    expect(isPackaging(summary(packaging({ state: 'waiting', recordingState: 'recording' })))).toBe(true);
    expect(isPackaging(summary(packaging({ state: 'done' })))).toBe(false);
    expect(isPackaging(summary(packaging({ state: 'failed' })))).toBe(false);
    expect(isPackaging(summary(undefined))).toBe(false);
  });
});

describe('describeLibraryError', () => {
  it('speaks of recordings, not rooms', () => {
    expect(describeLibraryError(new RequestError('UNAUTHENTICATED', ''))).toMatch(/registered/);
    expect(describeLibraryError(new RequestError('FORBIDDEN', ''))).toMatch(/organisers/);
    expect(describeLibraryError(new RequestError('NOT_FOUND', ''))).toMatch(/not ready/);
  });
});
