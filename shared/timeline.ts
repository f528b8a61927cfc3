/**
 * A recording's timeline: what happened when, in milliseconds from the
 * recording's start, kept in order. The server writes it while recording;
 * the replay page reads it to show the right track and the chat as it was.
 * Plain types and pure functions (no zod), so the client bundle can use them.
 */
import type { Role } from './events.js';
import type { PeerId } from './ids.js';

/**
 * The role badge shown beside an author's name in the replay, as in the
 * room: moderators and speakers carry one, participants none (absent).
 */
export type AuthorBadge = Exclude<Role, 'participant'>;

/** Entries stored and shown alike: the stage, the picture, shared poll results, buzz groups, chapters. */
type StageAndMarkEntry =
  | { at: number; kind: 'stage-joined'; peerId: PeerId; displayName: string }
  | { at: number; kind: 'stage-left'; peerId: PeerId }
  | { at: number; kind: 'active-speaker'; peerId: PeerId | null }
  | { at: number; kind: 'screen-started'; peerId: PeerId }
  | { at: number; kind: 'screen-stopped'; peerId: PeerId }
  | { at: number; kind: 'question-answered'; questionId: string }
  | { at: number; kind: 'poll-results'; pollId: string; question: string; results: { option: string; votes: number }[] }
  | { at: number; kind: 'buzz-started'; groups: number }
  | { at: number; kind: 'buzz-ended' }
  | { at: number; kind: 'chapter'; title: string };

/**
 * The timeline as the replay shows it (`GET /api/recordings/:id`): chat
 * messages and questions with their text and author as they stand when it
 * is served, and only those still standing (see server/recording/replayTimeline.ts).
 */
export type TimelineEntry =
  | StageAndMarkEntry
  | { at: number; kind: 'chat'; messageId: string; author: string; authorBadge?: AuthorBadge; body: string }
  | { at: number; kind: 'question'; questionId: string; author: string | null; authorBadge?: AuthorBadge; body: string };

/**
 * The timeline as a recording stores it: a chat message or a question only
 * by its id and moment. Their words and author live in their own rows, so a
 * deletion, an edit, a withdrawal or a dismissal, whenever it happens, is
 * what the replay shows, and no copy of retracted words is kept here.
 */
export type RecordedEntry =
  | StageAndMarkEntry
  | { at: number; kind: 'chat'; messageId: string }
  | { at: number; kind: 'question'; questionId: string };

export type TimelineKind = TimelineEntry['kind'];

/** Either form: what the functions below read is the same in both. */
type AnyEntry = TimelineEntry | RecordedEntry;

/** Chapter titles a moderator marks live: short, one line. */
export const CHAPTER_TITLE_MAX_LENGTH = 120;

/** What the replay shows at one moment: the main picture, and who is on stage. */
export interface ViewAt {
  /** A screen share, when one runs: it takes the main place. */
  screenOf: PeerId | null;
  /** Whose camera is the main picture otherwise (the last active speaker still on stage, else the first on stage). */
  speaker: PeerId | null;
  onStage: PeerId[];
}

/** How many entries are at or before `t` (the timeline is in order): a binary search. */
export function countUntil(timeline: readonly AnyEntry[], t: number): number {
  let low = 0;
  let high = timeline.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timeline[middle]!.at <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The entries of some kinds that have happened by `t`, in order (the chat and questions as they were). */
export function entriesUntil<E extends AnyEntry, K extends E['kind']>(timeline: readonly E[], t: number, kinds: readonly K[]): Extract<E, { kind: K }>[] {
  return timeline
    .slice(0, countUntil(timeline, t))
    .filter((entry): entry is Extract<E, { kind: K }> => (kinds as readonly string[]).includes(entry.kind));
}

/** Who is on stage at `t`, and what the main picture is. */
export function viewAt(timeline: readonly AnyEntry[], t: number): ViewAt {
  const onStage: PeerId[] = [];
  const sharing: PeerId[] = [];
  let lastSpeaker: PeerId | null = null;
  const until = countUntil(timeline, t);
  for (let i = 0; i < until; i++) {
    const entry = timeline[i]!;
    switch (entry.kind) {
      case 'stage-joined':
        if (!onStage.includes(entry.peerId)) onStage.push(entry.peerId);
        break;
      case 'stage-left':
        remove(onStage, entry.peerId);
        remove(sharing, entry.peerId);
        break;
      case 'active-speaker':
        lastSpeaker = entry.peerId;
        break;
      case 'screen-started':
        remove(sharing, entry.peerId);
        sharing.push(entry.peerId);
        break;
      case 'screen-stopped':
        remove(sharing, entry.peerId);
        break;
    }
  }
  const speaker = lastSpeaker !== null && onStage.includes(lastSpeaker) ? lastSpeaker : (onStage[0] ?? null);
  // The newest share wins, as it did live.
  return { screenOf: sharing.at(-1) ?? null, speaker, onStage };
}

/** The chapters, and which one `t` is in (null before the first). */
export function chapterAt(timeline: readonly AnyEntry[], t: number): Extract<AnyEntry, { kind: 'chapter' }> | null {
  return entriesUntil(timeline, t, ['chapter']).at(-1) ?? null;
}

function remove(list: PeerId[], peerId: PeerId): void {
  const index = list.indexOf(peerId);
  if (index >= 0) list.splice(index, 1);
}
