import { describe, expect, it } from 'vitest';
import { asPeerId } from './ids.js';
import {
  ANONYMOUS_VIEWER,
  formatClock,
  formatMoment,
  isNarrowing,
  looksLikeWebVtt,
  parseMoment,
  recordingVisibility,
  stageNames,
  type RecordingVisibilityFacts,
} from './recordings.js';

describe('recordingVisibility', () => {
  const ready: RecordingVisibilityFacts = { roomId: 'people-power', access: 'public', state: 'complete', packageState: 'done' };
  const registered = { who: 'account', registeredRooms: ['people-power'], organises: [] } as const;
  const elsewhere = { who: 'account', registeredRooms: ['climate-talks'], organises: [] } as const;
  const guest = { who: 'guest', registeredRooms: [], organises: [] } as const;
  const organiser = { who: 'account', registeredRooms: [], organises: ['climate-talks', 'people-power'] } as const;
  const otherOrganiser = { who: 'guest', registeredRooms: [], organises: ['other-room'] } as const;

  it('shows a packaged public recording to everyone', () => {
    expect(recordingVisibility(ready, ANONYMOUS_VIEWER)).toBe('ok');
    expect(recordingVisibility({ ...ready, state: 'partial' }, ANONYMOUS_VIEWER)).toBe('ok');
  });

  it('keeps a registered recording to those registered for its event: others sign in, or register', () => {
    const recording = { ...ready, access: 'registered' as const };
    expect(recordingVisibility(recording, ANONYMOUS_VIEWER)).toBe('unauthenticated');
    expect(recordingVisibility(recording, guest)).toBe('unauthenticated');
    expect(recordingVisibility(recording, elsewhere)).toBe('forbidden');
    expect(recordingVisibility(recording, registered)).toBe('ok');
    expect(recordingVisibility(recording, organiser)).toBe('ok');
  });

  it("keeps an organisers' recording to its own room's moderators", () => {
    const recording = { ...ready, access: 'organisers' as const };
    expect(recordingVisibility(recording, ANONYMOUS_VIEWER)).toBe('unauthenticated');
    expect(recordingVisibility(recording, registered)).toBe('forbidden');
    expect(recordingVisibility(recording, guest)).toBe('forbidden');
    expect(recordingVisibility(recording, otherOrganiser)).toBe('forbidden');
    expect(recordingVisibility(recording, organiser)).toBe('ok');
  });

  it('hides recordings not yet packaged, or failed, from all but their organisers', () => {
    for (const facts of [
      { ...ready, packageState: 'running' },
      { ...ready, packageState: 'failed' },
      { ...ready, state: 'failed', packageState: 'skipped' },
      { ...ready, state: 'recording', packageState: 'waiting' },
    ]) {
      expect(recordingVisibility(facts, ANONYMOUS_VIEWER)).toBe('not-found');
      expect(recordingVisibility(facts, otherOrganiser)).toBe('not-found');
      expect(recordingVisibility(facts, organiser)).toBe('ok');
    }
  });
});

describe('isNarrowing', () => {
  it('is true only when fewer people may watch after the change', () => {
    expect(isNarrowing('public', 'registered')).toBe(true);
    expect(isNarrowing('registered', 'organisers')).toBe(true);
    expect(isNarrowing('public', 'organisers')).toBe(true);
    expect(isNarrowing('organisers', 'public')).toBe(false);
    expect(isNarrowing('registered', 'public')).toBe(false);
    expect(isNarrowing('registered', 'registered')).toBe(false);
  });
});

describe('parseMoment', () => {
  it('reads seconds and h/m/s forms', () => {
    expect(parseMoment('90')).toBe(90);
    expect(parseMoment('12.5')).toBe(12.5);
    expect(parseMoment('1m30s')).toBe(90);
    expect(parseMoment('1M30S')).toBe(90);
    expect(parseMoment('2m')).toBe(120);
    expect(parseMoment('45s')).toBe(45);
    expect(parseMoment('1h2m3s')).toBe(3723);
    expect(parseMoment('1h')).toBe(3600);
    expect(parseMoment(' 0 ')).toBe(0);
  });

  it('gives null for anything else, so a bad link starts at the beginning', () => {
    for (const value of [null, undefined, '', 'abc', '-5', '1m30', 'm', '1.5m', '1s2m', 'Infinity', '1e3', '90000000']) {
      expect(parseMoment(value), String(value)).toBeNull();
    }
  });

  it('round-trips with formatMoment', () => {
    for (const seconds of [0, 5, 59, 60, 90, 3599, 3600, 3723]) {
      expect(parseMoment(formatMoment(seconds))).toBe(seconds);
    }
    expect(formatMoment(90.9)).toBe('1m30s');
    expect(formatMoment(3600)).toBe('1h0m0s');
  });
});

describe('formatClock', () => {
  it('shows m:ss, and h:mm:ss from an hour on', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(83_400)).toBe('1:23');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

describe('looksLikeWebVtt', () => {
  it('accepts a WEBVTT header, with a byte order mark or a title', () => {
    expect(looksLikeWebVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nHello')).toBe(true);
    expect(looksLikeWebVtt('\uFEFFWEBVTT\r\n')).toBe(true);
    expect(looksLikeWebVtt('WEBVTT - People power')).toBe(true);
    expect(looksLikeWebVtt('WEBVTT')).toBe(true);
  });

  it('refuses anything else', () => {
    expect(looksLikeWebVtt('WEBVTTX')).toBe(false);
    expect(looksLikeWebVtt('1\n00:00:00,000 --> 00:00:01,000\nan SRT file')).toBe(false);
    expect(looksLikeWebVtt('<html>WEBVTT')).toBe(false);
    expect(looksLikeWebVtt('')).toBe(false);
  });
});

describe('stageNames', () => {
  it('names everyone who joined the stage by peer id', () => {
    const names = stageNames([
      { at: 0, kind: 'stage-joined', peerId: asPeerId('p1'), displayName: 'Amina' },
      { at: 10, kind: 'chat', messageId: 'm1', author: 'Pat', body: 'hi' },
      { at: 20, kind: 'stage-joined', peerId: asPeerId('p2'), displayName: 'Sara' },
    ]);
    expect(Object.fromEntries(names)).toEqual({ p1: 'Amina', p2: 'Sara' });
  });
});
