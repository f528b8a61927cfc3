import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../shared/ids.js';
import type { RecordedEntry } from '../../shared/timeline.js';
import { replayTimeline, type ReplayMessage, type ReplayQuestion } from './replayTimeline.js';

const ama = 'p-ama' as PeerId;

const message = (messageId: string, authorId: string, body: string, isDeleted = false): ReplayMessage => ({
  messageId,
  authorId,
  authorName: authorId.toUpperCase(),
  body,
  isDeleted,
});
const question = (questionId: string, authorId: string, status: ReplayQuestion['status'], isAnonymous = false): ReplayQuestion => ({
  questionId,
  authorId,
  authorName: authorId.toUpperCase(),
  isAnonymous,
  body: `question ${questionId}`,
  status,
});

/** A session: chat, questions (one answered), a chapter, someone on stage. */
const timeline: RecordedEntry[] = [
  { at: 0, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
  { at: 1_000, kind: 'chat', messageId: 'kept' },
  { at: 2_000, kind: 'chat', messageId: 'edited' },
  { at: 3_000, kind: 'chat', messageId: 'deleted' },
  { at: 4_000, kind: 'chat', messageId: 'gone' },
  { at: 5_000, kind: 'question', questionId: 'open' },
  { at: 6_000, kind: 'question', questionId: 'withdrawn' },
  { at: 7_000, kind: 'question', questionId: 'dismissed' },
  { at: 7_500, kind: 'question', questionId: 'anonymous' },
  { at: 8_000, kind: 'chapter', title: 'Answers' },
  { at: 9_000, kind: 'question-answered', questionId: 'open' },
  { at: 9_500, kind: 'question-answered', questionId: 'dismissed' },
  { at: 10_000, kind: 'chat', messageId: 'before-opting-out' },
  { at: 11_000, kind: 'question', questionId: 'by-opted-out' },
  { at: 12_000, kind: 'question-answered', questionId: 'by-opted-out' },
];

const rows = {
  messages: [
    message('kept', 'chen', 'Hello from Nairobi'),
    message('edited', 'chen', 'The corrected words'),
    message('deleted', 'dee', '', true),
    message('before-opting-out', 'olu', 'I work at the ministry'),
  ],
  questions: [
    question('open', 'chen', 'answered'),
    question('withdrawn', 'dee', 'withdrawn'),
    question('dismissed', 'dee', 'dismissed'),
    question('anonymous', 'dee', 'open', true),
    question('by-opted-out', 'olu', 'answered'),
  ],
};

describe('the replay timeline, made from the rows as they stand now', () => {
  it("carries the badge of a moderator's or speaker's words beside their name, and none for participants or anonymous askers", () => {
    const asked: RecordedEntry[] = [
      { at: 1, kind: 'chat', messageId: 'by-moderator' },
      { at: 2, kind: 'chat', messageId: 'by-participant' },
      { at: 3, kind: 'question', questionId: 'by-speaker' },
      { at: 4, kind: 'question', questionId: 'anonymous-speaker' },
    ];
    const shown = replayTimeline({
      timeline: asked,
      messages: [
        { ...message('by-moderator', 'mona', 'Welcome'), authorRole: 'moderator' },
        { ...message('by-participant', 'pat', 'Hi'), authorRole: 'participant' },
      ],
      questions: [
        { ...question('by-speaker', 'sipho', 'open'), authorRole: 'speaker' },
        { ...question('anonymous-speaker', 'sipho', 'open', true), authorRole: 'speaker' },
      ],
      optedOut: [],
    });
    expect(shown.map((entry) => ('authorBadge' in entry ? entry.authorBadge : undefined))).toEqual(['moderator', undefined, 'speaker', undefined]);
  });

  it('keeps only what people left standing: current text, no deleted message, no withdrawn or dismissed question', () => {
    const shown = replayTimeline({ timeline, ...rows, optedOut: [] });
    expect(shown.filter((entry) => entry.kind === 'chat')).toEqual([
      { at: 1_000, kind: 'chat', messageId: 'kept', author: 'CHEN', body: 'Hello from Nairobi' },
      { at: 2_000, kind: 'chat', messageId: 'edited', author: 'CHEN', body: 'The corrected words' },
      { at: 10_000, kind: 'chat', messageId: 'before-opting-out', author: 'OLU', body: 'I work at the ministry' },
    ]);
    expect(shown.filter((entry) => entry.kind === 'question' || entry.kind === 'question-answered')).toEqual([
      { at: 5_000, kind: 'question', questionId: 'open', author: 'CHEN', body: 'question open' },
      { at: 7_500, kind: 'question', questionId: 'anonymous', author: null, body: 'question anonymous' },
      { at: 9_000, kind: 'question-answered', questionId: 'open' },
      { at: 11_000, kind: 'question', questionId: 'by-opted-out', author: 'OLU', body: 'question by-opted-out' },
      { at: 12_000, kind: 'question-answered', questionId: 'by-opted-out' },
    ]);
  });

  it('leaves out everything someone who opted out wrote or asked, at any moment, and nothing of anyone else', () => {
    const shown = replayTimeline({ timeline, ...rows, optedOut: ['olu'] });
    const everyone = replayTimeline({ timeline, ...rows, optedOut: [] });
    expect(JSON.stringify(shown)).not.toMatch(/OLU|ministry|by-opted-out|before-opting-out/);
    const hers = new Set(['before-opting-out', 'by-opted-out']);
    expect(shown).toEqual(everyone.filter((entry) => !hers.has('messageId' in entry ? entry.messageId : 'questionId' in entry ? entry.questionId : '')));
    expect(shown.length).toBe(everyone.length - 3);
  });

  it('keeps the stage, chapters and everything else as recorded, in order', () => {
    const shown = replayTimeline({ timeline, messages: [], questions: [], optedOut: [] });
    expect(shown).toEqual([
      { at: 0, kind: 'stage-joined', peerId: ama, displayName: 'Ama' },
      { at: 8_000, kind: 'chapter', title: 'Answers' },
    ]);
  });

  it('uses only the rows, never words a stored entry may still carry from before they were stripped', () => {
    const legacy = [{ at: 1, kind: 'chat', messageId: 'deleted', author: 'DEE', body: 'words since retracted' }] as unknown as RecordedEntry[];
    expect(replayTimeline({ timeline: legacy, ...rows, optedOut: [] })).toEqual([]);
    const edited = [{ at: 1, kind: 'chat', messageId: 'edited', author: 'CHEN', body: 'the first words' }] as unknown as RecordedEntry[];
    expect(replayTimeline({ timeline: edited, ...rows, optedOut: [] })).toEqual([
      { at: 1, kind: 'chat', messageId: 'edited', author: 'CHEN', body: 'The corrected words' },
    ]);
  });
});
