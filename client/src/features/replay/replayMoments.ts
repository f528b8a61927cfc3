/** What the replay shows at a moment, beyond shared/timeline.ts: names, questions as they stood, links. */
import { formatMoment, stageNames } from '../../../../shared/recordings.js';
import { entriesUntil, viewAt, type AuthorBadge, type TimelineEntry } from '../../../../shared/timeline.js';

/** Speeds the player offers (1 is normal). */
export const PLAYBACK_SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

export interface QuestionAt {
  questionId: string;
  /** Null for an anonymous question. */
  author: string | null;
  /** A moderator's or speaker's badge beside the name. */
  authorBadge?: AuthorBadge;
  body: string;
  at: number;
  isAnswered: boolean;
}

/** The questions asked by `t`, in order, each marked answered once it had been by then. */
export function questionsUntil(timeline: readonly TimelineEntry[], t: number): QuestionAt[] {
  const questions = new Map<string, QuestionAt>();
  for (const entry of entriesUntil(timeline, t, ['question', 'question-answered'])) {
    if (entry.kind === 'question') {
      const { questionId, author, authorBadge, body, at } = entry;
      questions.set(questionId, { questionId, author, ...(authorBadge ? { authorBadge } : {}), body, at, isAnswered: false });
    } else {
      const question = questions.get(entry.questionId);
      if (question) question.isAnswered = true;
    }
  }
  return [...questions.values()];
}

/** Who holds the main picture at `t`, by name: a screen share first, else the speaker. */
export function whoIsShown(
  timeline: readonly TimelineEntry[],
  t: number,
  names: ReadonlyMap<string, string> = stageNames(timeline),
): { speaking: string | null; sharingScreen: string | null } {
  const view = viewAt(timeline, t);
  const nameOf = (peerId: string | null) => (peerId === null ? null : (names.get(peerId) ?? null));
  return { speaking: nameOf(view.speaker), sharingScreen: nameOf(view.screenOf) };
}

/**
 * This page's address, pointing at a moment: `?t=1m30s` replaces any
 * earlier one, everything else is kept.
 *
 * @example momentUrl('https://x.org/recordings/abc?t=5', 90) // 'https://x.org/recordings/abc?t=1m30s'
 */
export function momentUrl(href: string, seconds: number): string {
  const url = new URL(href);
  url.searchParams.set('t', formatMoment(seconds));
  url.hash = '';
  return url.toString();
}

/** The index of the chapter `t` is in, or -1 before the first. */
export function chapterIndexAt(chapters: readonly { at: number }[], t: number): number {
  let index = -1;
  for (let i = 0; i < chapters.length && chapters[i]!.at <= t; i++) index = i;
  return index;
}
