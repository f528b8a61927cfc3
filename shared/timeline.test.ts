import { describe, expect, it } from 'vitest';
import type { PeerId } from './ids.js';
import { chapterAt, countUntil, entriesUntil, viewAt, type TimelineEntry } from './timeline.js';

const ama = 'p-ama' as PeerId;
const bo = 'p-bo' as PeerId;

/** A short webinar: Ama opens, Bo joins and speaks, Bo shares a screen, Ama leaves. */
const timeline: TimelineEntry[] = [
  { at: 0, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
  { at: 0, kind: 'chapter', title: 'Welcome' },
  { at: 2_000, kind: 'chat', messageId: 'm1', author: 'Chen', body: 'Hello from Nairobi' },
  { at: 5_000, kind: 'stage-joined', peerId: bo, displayName: 'Bo' },
  { at: 6_000, kind: 'active-speaker', peerId: bo },
  { at: 9_000, kind: 'question', questionId: 'q1', author: null, body: 'Who funds this?' },
  { at: 10_000, kind: 'screen-started', peerId: bo },
  { at: 10_000, kind: 'chapter', title: 'Findings' },
  { at: 15_000, kind: 'screen-stopped', peerId: bo },
  { at: 16_000, kind: 'question-answered', questionId: 'q1' },
  { at: 18_000, kind: 'stage-left', peerId: bo },
];

describe('the replay timeline', () => {
  it('shows whoever was speaking, the screen share while it ran, and falls back to who is still on stage', () => {
    expect(viewAt(timeline, 1_000)).toEqual({ screenOf: null, speaker: ama, onStage: [ama] });
    expect(viewAt(timeline, 7_000)).toEqual({ screenOf: null, speaker: bo, onStage: [ama, bo] });
    expect(viewAt(timeline, 12_000)).toMatchObject({ screenOf: bo, speaker: bo });
    expect(viewAt(timeline, 15_000).screenOf).toBeNull();
    expect(viewAt(timeline, 20_000)).toEqual({ screenOf: null, speaker: ama, onStage: [ama] });
  });

  it('lists the chat and questions as they had appeared by a moment, entries at that very moment included', () => {
    expect(entriesUntil(timeline, 1_999, ['chat', 'question'])).toEqual([]);
    expect(entriesUntil(timeline, 2_000, ['chat']).map((entry) => entry.body)).toEqual(['Hello from Nairobi']);
    expect(entriesUntil(timeline, 9_500, ['chat', 'question']).map((entry) => entry.kind)).toEqual(['chat', 'question']);
    expect(countUntil(timeline, -1)).toBe(0);
    expect(countUntil(timeline, 60_000)).toBe(timeline.length);
  });

  it('knows the chapter a moment falls in', () => {
    expect(chapterAt(timeline, 5_000)?.title).toBe('Welcome');
    expect(chapterAt(timeline, 10_000)?.title).toBe('Findings');
    expect(chapterAt([], 5_000)).toBeNull();
  });
});
