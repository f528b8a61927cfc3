import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/ids.js';
import type { TimelineEntry } from '../../../../shared/timeline.js';
import { chapterIndexAt, momentUrl, questionsUntil, whoIsShown } from './replayMoments.js';

const amina = 'a0000000-0000-4000-8000-000000000001' as PeerId;
const sara = 'a0000000-0000-4000-8000-000000000002' as PeerId;

const timeline: TimelineEntry[] = [
  { at: 0, kind: 'stage-joined', peerId: amina, displayName: 'Amina' },
  { at: 1000, kind: 'stage-joined', peerId: sara, displayName: 'Sara' },
  { at: 2000, kind: 'active-speaker', peerId: sara },
  { at: 3000, kind: 'question', questionId: 'q1', author: 'Pat', body: 'Who pays?' },
  { at: 4000, kind: 'question', questionId: 'q2', author: null, body: 'Is it recorded?' },
  { at: 5000, kind: 'screen-started', peerId: amina },
  { at: 6000, kind: 'question-answered', questionId: 'q1' },
  { at: 7000, kind: 'screen-stopped', peerId: amina },
  { at: 8000, kind: 'stage-left', peerId: sara },
];

describe('questionsUntil', () => {
  it('lists the questions asked by then, answered only from their answer on', () => {
    expect(questionsUntil(timeline, 2999)).toEqual([]);
    expect(questionsUntil(timeline, 5999).map((q) => [q.questionId, q.isAnswered])).toEqual([
      ['q1', false],
      ['q2', false],
    ]);
    expect(questionsUntil(timeline, 6000)).toEqual([
      { questionId: 'q1', author: 'Pat', body: 'Who pays?', at: 3000, isAnswered: true },
      { questionId: 'q2', author: null, body: 'Is it recorded?', at: 4000, isAnswered: false },
    ]);
  });
});

describe('whoIsShown', () => {
  it('names the speaker, and whoever shares their screen', () => {
    expect(whoIsShown(timeline, 500)).toEqual({ speaking: 'Amina', sharingScreen: null });
    expect(whoIsShown(timeline, 2500)).toEqual({ speaking: 'Sara', sharingScreen: null });
    expect(whoIsShown(timeline, 5500)).toEqual({ speaking: 'Sara', sharingScreen: 'Amina' });
    // The speaker left the stage: the picture goes back to whoever is still on it.
    expect(whoIsShown(timeline, 9000)).toEqual({ speaking: 'Amina', sharingScreen: null });
  });

  it('names nobody before anyone is on stage', () => {
    expect(whoIsShown([], 1000)).toEqual({ speaking: null, sharingScreen: null });
  });
});

describe('momentUrl', () => {
  it('sets ?t= to the moment, keeping the rest of the address', () => {
    expect(momentUrl('https://example.org/recordings/abc', 90)).toBe('https://example.org/recordings/abc?t=1m30s');
    expect(momentUrl('https://example.org/recordings/abc?t=5&x=1#chat', 3723.6)).toBe('https://example.org/recordings/abc?t=1h2m3s&x=1');
  });
});

describe('chapterIndexAt', () => {
  it('finds the chapter a moment is in', () => {
    const chapters = [{ at: 1000 }, { at: 5000 }];
    expect(chapterIndexAt(chapters, 0)).toBe(-1);
    expect(chapterIndexAt(chapters, 1000)).toBe(0);
    expect(chapterIndexAt(chapters, 4999)).toBe(0);
    expect(chapterIndexAt(chapters, 9000)).toBe(1);
  });
});
