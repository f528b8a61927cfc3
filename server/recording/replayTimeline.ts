import type { QuestionStatus } from '../../shared/conversation.js';
import type { Role } from '../../shared/events.js';
import type { AuthorBadge, RecordedEntry, TimelineEntry } from '../../shared/timeline.js';
import { isVisibleToAudience } from '../questions/questionMachine.js';

/** A room chat message as it stands now (its row). */
export interface ReplayMessage {
  messageId: string;
  authorId: string;
  authorName: string;
  /** The author's role when they wrote it (their badge beside the name); unknown on old rows. */
  authorRole?: Role;
  body: string;
  isDeleted: boolean;
}

/** A question as it stands now (its row). */
export interface ReplayQuestion {
  questionId: string;
  authorId: string;
  authorName: string;
  authorRole?: Role;
  isAnonymous: boolean;
  body: string;
  status: QuestionStatus;
}

/** What a replay is made of: the stored timeline, the rows it points at, and who opted out. */
export interface ReplaySources {
  timeline: readonly RecordedEntry[];
  /** The room chat messages the timeline names that still exist (any missing one is left out). */
  messages: readonly ReplayMessage[];
  questions: readonly ReplayQuestion[];
  /** Everyone (user ids) who asked not to be recorded at any moment of the recording. */
  optedOut: readonly string[];
}

/**
 * The timeline as the replay shows it, made when it is served: the replay
 * keeps only what people left standing.
 *
 * - A chat message shows its current text (an edit replaces it), and a
 *   deleted one is left out, whenever it was deleted, during the session
 *   or long after.
 * - A question shows while the audience would see it live (open or
 *   answered): a withdrawn or dismissed one is left out, with its
 *   "answered" mark; reopened, it is back. An anonymous asker stays nameless.
 * - Someone who pressed "Don't record me" at any moment of the recording
 *   has all their chat and questions left out, not shown under another
 *   label such as "a participant who asked not to be recorded": their
 *   words can identify them as surely as their name, the indicator promised
 *   that their chat is not recorded, and one rule for the whole recording is
 *   simple to explain and errs on their side (what they wrote before
 *   pressing it, or after allowing it again, is left out too).
 *
 * Pure: the rows are read by the caller.
 */
export function replayTimeline({ timeline, messages, questions, optedOut }: ReplaySources): TimelineEntry[] {
  const leftOut = new Set(optedOut);
  const standingMessages = new Map(
    messages.filter((message) => !message.isDeleted && !leftOut.has(message.authorId)).map((message) => [message.messageId, message]),
  );
  const standingQuestions = new Map(
    questions
      .filter((question) => isVisibleToAudience(question.status) && !leftOut.has(question.authorId))
      .map((question) => [question.questionId, question]),
  );
  return timeline.flatMap((entry): TimelineEntry[] => {
    switch (entry.kind) {
      case 'chat': {
        const message = standingMessages.get(entry.messageId);
        if (!message) return [];
        return [{ at: entry.at, kind: 'chat', messageId: entry.messageId, author: message.authorName, ...badgeOf(message.authorRole), body: message.body }];
      }
      case 'question': {
        const question = standingQuestions.get(entry.questionId);
        if (!question) return [];
        if (question.isAnonymous) return [{ at: entry.at, kind: 'question', questionId: entry.questionId, author: null, body: question.body }];
        const { authorName: author, authorRole } = question;
        return [{ at: entry.at, kind: 'question', questionId: entry.questionId, author, ...badgeOf(authorRole), body: question.body }];
      }
      case 'question-answered':
        return standingQuestions.has(entry.questionId) ? [entry] : [];
      default:
        return [entry];
    }
  });
}

/** A moderator's or speaker's words carry their badge in the replay too, so nobody passes for them. */
function badgeOf(role: Role | undefined): { authorBadge?: AuthorBadge } {
  return role === 'moderator' || role === 'speaker' ? { authorBadge: role } : {};
}
