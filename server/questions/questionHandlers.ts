import { AppError } from '../../shared/errors.js';
import type { QuestionId, RoomId } from '../../shared/ids.js';
import type { RoomControlRepository } from '../db/roomControlRepository.js';
import { viewQuestion, type QuestionRepository, type StoredQuestion } from '../db/questionRepository.js';
import type { AuditLog } from '../moderation/auditLog.js';
import { assertMayAsk } from '../conversation/chatPolicy.js';
import { writerOf } from '../conversation/chatHandlers.js';
import type { RegisterHandler } from '../realtime/registerHandler.js';
import type { RequestDedupe } from '../realtime/requestDedupe.js';
import type { RoomBroadcast } from '../realtime/roomBroadcast.js';
import type { SocketSession } from '../realtime/session.js';
import { applyQuestionAction, assertCanUpvote, isVisibleToAudience, withdraw } from './questionMachine.js';

export interface QuestionDeps {
  questions: QuestionRepository;
  controls: RoomControlRepository;
  audit: AuditLog;
  /** Upvotes retried with their requestId are answered once (see requestDedupe.ts). */
  dedupe: RequestDedupe;
  broadcastTo(roomId: RoomId): RoomBroadcast;
}

/**
 * Tells everyone about a new or changed question, each as they may see it:
 * moderators and the asker in full, the audience without an anonymous
 * asker's name, and not at all once it is dismissed or withdrawn.
 */
function publish(broadcast: RoomBroadcast, question: StoredQuestion, event: 'question:asked' | 'question:changed') {
  const asker = question.author.userId;
  const removed = { questionId: question.questionId, changeSeq: question.changeSeq };
  if (question.status === 'withdrawn') {
    broadcast.toAll('question:removed', removed);
    return;
  }
  broadcast.toModeratorsAnd(asker, event, viewQuestion(question, true));
  if (isVisibleToAudience(question.status)) {
    broadcast.toAudienceExcept(asker, event, viewQuestion(question, false));
  } else {
    broadcast.toAudienceExcept(asker, 'question:removed', removed);
  }
}

export function registerQuestionHandlers(on: RegisterHandler, deps: QuestionDeps): void {
  /** A question of the caller's room that the caller can see; anything else is NOT_FOUND. */
  const visibleQuestion = async (session: SocketSession, questionId: QuestionId) => {
    const { room } = session.requireMembership();
    const question = await deps.questions.find(room.id, questionId);
    const seesAll = session.actor().role === 'moderator' || question?.author.userId === session.identity.userId;
    if (!question || question.status === 'withdrawn' || (!seesAll && !isVisibleToAudience(question.status))) {
      throw new AppError('NOT_FOUND', 'no such question in this room');
    }
    return question;
  };

  on('question:ask', async ({ session }, { body, isAnonymous, requestId }) => {
    const { membership, writer } = await writerOf(session, deps.controls);
    assertMayAsk(writer);
    // A retry (same requestId) gets the question already asked, published again: its first
    // publication may never have happened, and clients replace a question they hold by its id.
    const question = await deps.questions.ask({
      roomId: membership.room.id,
      author: { userId: writer.userId, displayName: membership.peer.identity.displayName, role: writer.role },
      body,
      isAnonymous,
      requestId,
    });
    publish(deps.broadcastTo(membership.room.id), question, 'question:asked');
    return viewQuestion(question, true);
  });

  on('question:upvote', ({ session }, { questionId, upvote, requestId }) =>
    // Setting a vote is idempotent by itself, but a retry arriving after the person took it back would undo that.
    deps.dedupe.once({ userId: session.identity.userId, event: 'question:upvote', requestId }, async () => {
      const question = await visibleQuestion(session, questionId);
      assertCanUpvote(question.status);
      const { upvotes, changeSeq } = await deps.questions.vote(questionId, session.identity.userId, upvote);
      deps.broadcastTo(session.requireMembership().room.id).toAll('question:upvoted', { questionId, upvotes, changeSeq });
      return { upvotes };
    }),
  );

  on('question:withdraw', async ({ session }, { questionId }) => {
    const question = await visibleQuestion(session, questionId);
    if (question.author.userId !== session.identity.userId) {
      throw new AppError('FORBIDDEN', 'only the asker can withdraw a question');
    }
    const withdrawn = await deps.questions.update(questionId, withdraw(question));
    publish(deps.broadcastTo(session.requireMembership().room.id), withdrawn, 'question:changed');
    return {};
  });

  on('question:moderate', async ({ session }, { questionId, action }) => {
    const membership = session.requireMembership();
    const question = await visibleQuestion(session, questionId);
    const changed = await deps.questions.update(questionId, applyQuestionAction(question, action));
    publish(deps.broadcastTo(membership.room.id), changed, 'question:changed');
    // The action only, never the question's words: its asker may withdraw them at any time, and
    // withdrawn words are kept nowhere (the moderators' view names the asker and the action).
    await deps.audit.record(membership, 'question.moderate', question.author, action);
    return viewQuestion(changed, true);
  });
}
