import type { CatchUp } from '../../shared/conversation.js';
import { viewMessage } from '../db/chatRepository.js';
import { viewPoll } from '../db/pollRepository.js';
import type { RoomRepository } from '../db/roomRepository.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import { AppError } from '../../shared/errors.js';
import { mayReadThread } from './chatPolicy.js';
import { conversationSnapshot, questionAsSeenBy, seesPoll, type SnapshotDeps } from './conversationSnapshot.js';

/**
 * Most records of one kind an answer carries. A client that missed more
 * (away for long, in a busy room) gets the whole snapshot instead, which
 * costs less than sending, and applying, every change.
 */
export const CATCH_UP_LIMIT = 500;

export interface CatchUpDeps extends SnapshotDeps {
  rooms: Pick<RoomRepository, 'changeHead'>;
}

/**
 * `room:catch-up`: what changed in the caller's room after a change number,
 * as the caller may see it, read from the database (shared/changeSequence.ts).
 *
 * The head is read first: every change up to it is committed (the room row's
 * lock orders them), so the reads after it find them all; they may also find
 * later ones, which the client applies like any other (newest wins) and whose
 * numbers it still expects to hear.
 */
export function registerCatchUpHandler(on: RegisterHandler, deps: CatchUpDeps): void {
  on('room:catch-up', async ({ session }, { since }) => {
    const { room } = session.requireMembership();
    const viewer = { userId: session.identity.userId, role: session.actor().role };
    const head = await deps.rooms.changeHead(room.id);
    const [messages, questions, polls] = await Promise.all([
      deps.chat.changedSince(room.id, since, CATCH_UP_LIMIT + 1),
      deps.questions.changedSince(room.id, since, CATCH_UP_LIMIT + 1),
      deps.polls.changedSince(room.id, since, CATCH_UP_LIMIT + 1),
    ]);
    // A number this room never gave (the client confused rooms, or the database was restored) is answered whole too.
    if (since > head || [messages, questions, polls].some((records) => records.length > CATCH_UP_LIMIT)) {
      const facts = await deps.joinCache.roomFacts(room.id);
      if (!facts) throw new AppError('NOT_FOUND', 'no such room');
      // The snapshot's own head: it may be read from the join cache, as of a little earlier.
      const snapshot = await conversationSnapshot(deps, room.id, viewer, facts.controls);
      return { head: snapshot.head, snapshot } satisfies CatchUp;
    }
    const answer: CatchUp = { head, chat: [], questions: [], removedQuestions: [], polls: [] };
    for (const message of messages) {
      if (message.channel === 'room' || mayReadThread(viewer, message.threadId)) answer.chat.push(viewMessage(message, viewer));
    }
    for (const question of questions) {
      const seen = questionAsSeenBy(question, viewer);
      if ('removed' in seen) answer.removedQuestions.push(seen.removed);
      else answer.questions.push(seen.question);
    }
    for (const poll of polls) if (seesPoll(poll, viewer)) answer.polls.push(viewPoll(poll, viewer.role === 'moderator'));
    return answer;
  });
}
