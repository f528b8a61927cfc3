/**
 * A recording's timeline: what happened when, in milliseconds from the
 * recording's start, kept in order. The server writes it while recording;
 * the replay page reads it to show the right track and the chat as it was.
 * Plain types and pure functions (no zod), so the client bundle can use them.
 */
import type { PeerId } from './ids.js';

export type TimelineEntry =
  | { at: number; kind: 'stage-joined'; peerId: PeerId; displayName: string }
  | { at: number; kind: 'stage-left'; peerId: PeerId }
  | { at: number; kind: 'active-speaker'; peerId: PeerId | null }
  | { at: number; kind: 'screen-started'; peerId: PeerId }
  | { at: number; kind: 'screen-stopped'; peerId: PeerId }
  | { at: number; kind: 'chat'; messageId: string; author: string; body: string }
  | { at: number; kind: 'question'; questionId: string; author: string | null; body: string }
  | { at: number; kind: 'question-answered'; questionId: string }
  | { at: number; kind: 'poll-results'; pollId: string; question: string; results: { option: string; votes: number }[] }
  | { at: number; kind: 'buzz-started'; groups: number }
  | { at: number; kind: 'buzz-ended' }
  | { at: number; kind: 'chapter'; title: string };

export type TimelineKind = TimelineEntry['kind'];

/** Chapter titles a moderator marks live: short, one line. */
export const CHAPTER_TITLE_MAX_LENGTH = 120;
type EntryOf<K extends TimelineKind> = Extract<TimelineEntry, { kind: K }>;

/** What the replay shows at one moment: the main picture, and who is on stage. */
export interface ViewAt {
  /** A screen share, when one runs: it takes the main place. */
  screenOf: PeerId | null;
  /** Whose camera is the main picture otherwise (the last active speaker still on stage, else the first on stage). */
  speaker: PeerId | null;
  onStage: PeerId[];
}

/** How many entries are at or before `t` (the timeline is in order): a binary search. */
export function countUntil(timeline: readonly TimelineEntry[], t: number): number {
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
export function entriesUntil<K extends TimelineKind>(timeline: readonly TimelineEntry[], t: number, kinds: readonly K[]): EntryOf<K>[] {
  return timeline.slice(0, countUntil(timeline, t)).filter((entry): entry is EntryOf<K> => (kinds as readonly string[]).includes(entry.kind));
}

/** Who is on stage at `t`, and what the main picture is. */
export function viewAt(timeline: readonly TimelineEntry[], t: number): ViewAt {
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
export function chapterAt(timeline: readonly TimelineEntry[], t: number): EntryOf<'chapter'> | null {
  return entriesUntil(timeline, t, ['chapter']).at(-1) ?? null;
}

function remove(list: PeerId[], peerId: PeerId): void {
  const index = list.indexOf(peerId);
  if (index >= 0) list.splice(index, 1);
}
