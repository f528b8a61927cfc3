import { useId, useState } from 'react';
import type { Question, QuestionAction } from '../../../../shared/conversation.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ActionIds } from '../../realtime/requestId.js';
import { formatClock } from '../conversation/formatTime.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { RoleBadge } from '../stage/RoleBadge.js';

const TEXT = {
  anonymous: 'Anonymous',
  you: 'You',
  anonymousToAudience: (name: string) => `${name} (anonymous to the audience)`,
  upvote: 'Upvote',
  votes: (count: number) => (count === 1 ? 'vote' : 'votes'),
  pinned: 'Pinned',
  live: 'Answering live',
  answered: 'Answered',
  dismissed: 'Dismissed',
  withdraw: 'Withdraw',
  withdrawTitle: 'Withdraw your question?',
  withdrawBody: 'It will be removed for everyone, with its votes.',
  actions: 'Moderate question',
};

/** A moderator's buttons, by what fits the question's state. */
const ACTION_TEXT: Record<QuestionAction, string> = {
  'answer-live': 'Answer live',
  answer: 'Mark answered',
  dismiss: 'Dismiss',
  pin: 'Pin',
  unpin: 'Unpin',
  reopen: 'Reopen',
};

function actionsFor(question: Question): QuestionAction[] {
  const pin: QuestionAction = question.isPinned ? 'unpin' : 'pin';
  if (question.status !== 'open') return ['reopen', pin];
  return [...(question.isAnsweringLive ? [] : (['answer-live'] as const)), 'answer', 'dismiss', pin];
}

/** One question: what was asked, by whom (as the reader may know), its votes, its state. */
export function QuestionItem({ question }: { question: Question }) {
  const session = useRoomSession();
  const selfUserId = useAppState((state) => state.selfUserId);
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const isUpvoted = useAppState((state) => state.upvotedQuestionIds.includes(question.questionId));
  const upsertQuestion = useAppState((state) => state.upsertQuestion);
  const bodyId = useId();
  const [isConfirmingWithdraw, setConfirmingWithdraw] = useState(false);
  const isOwn = question.askedBy !== null && question.askedBy.userId === selfUserId;

  const moderate = async (action: QuestionAction) => {
    const changed = await session.perform('question:moderate', { questionId: question.questionId, action });
    if (changed) upsertQuestion(changed);
  };

  return (
    <li className="question" data-testid="question" data-question-id={question.questionId} data-status={question.status}>
      <p className="question__body" id={bodyId}>
        {question.body}
      </p>
      <div className="question__meta">
        <span>
          <bdi>{askerText(question, isOwn)}</bdi> {question.askedBy && <RoleBadge role={question.askedBy.role} />}
        </span>
        <time className="muted" dateTime={question.askedAt}>
          {formatClock(question.askedAt)}
        </time>
        {question.isPinned && <span className="badge">{TEXT.pinned}</span>}
        {question.status === 'open' && question.isAnsweringLive && <span className="badge badge--live">{TEXT.live}</span>}
        {question.status === 'answered' && <span className="badge badge--ok">{TEXT.answered}</span>}
        {question.status === 'dismissed' && <span className="badge badge--muted">{TEXT.dismissed}</span>}
      </div>
      <div className="question__actions">
        {question.status === 'open' ? (
          <UpvoteButton question={question} isUpvoted={isUpvoted} describedBy={bodyId} />
        ) : (
          <span className="muted">
            <span data-testid="upvote-count">{question.upvotes}</span> {TEXT.votes(question.upvotes)}
          </span>
        )}
        {isOwn && question.status === 'open' && (
          <button type="button" className="action" aria-describedby={bodyId} onClick={() => setConfirmingWithdraw(true)}>
            {TEXT.withdraw}
          </button>
        )}
      </div>
      {isModerator && (
        <div className="question__actions" role="group" aria-label={TEXT.actions}>
          {actionsFor(question).map((action) => (
            <button
              key={action}
              type="button"
              className={action === 'answer-live' ? 'action action--primary' : action === 'dismiss' ? 'action action--danger' : 'action'}
              aria-describedby={bodyId}
              onClick={() => void moderate(action)}
            >
              {ACTION_TEXT[action]}
            </button>
          ))}
        </div>
      )}
      {isConfirmingWithdraw && (
        <ConfirmDialog
          title={TEXT.withdrawTitle}
          body={TEXT.withdrawBody}
          confirmText={TEXT.withdraw}
          onCancel={() => setConfirmingWithdraw(false)}
          onConfirm={() => {
            setConfirmingWithdraw(false);
            void session.perform('question:withdraw', { questionId: question.questionId });
          }}
        />
      )}
    </li>
  );
}

/** Who asked, as this reader may know it. */
function askerText(question: Question, isOwn: boolean): string {
  if (!question.askedBy) return TEXT.anonymous;
  const name = isOwn ? TEXT.you : question.askedBy.displayName;
  // The asker and moderators see names the audience does not: say so.
  return question.isAnonymous ? TEXT.anonymousToAudience(name) : name;
}

/** A toggle: pressed once the reader upvoted; the count follows everyone's votes live. */
function UpvoteButton({ question, isUpvoted, describedBy }: { question: Question; isUpvoted: boolean; describedBy: string }) {
  const session = useRoomSession();
  const countId = useId();
  const setUpvoted = useAppState((state) => state.setUpvoted);
  const [isBusy, run] = useBusyAction();
  const [voteIds] = useState(() => new ActionIds());
  const toggle = async () => {
    // Pressed again after a failure, the same vote keeps its requestId: the server answers it once.
    const actionKey = String(!isUpvoted);
    const result = await session.perform('question:upvote', {
      questionId: question.questionId,
      upvote: !isUpvoted,
      requestId: voteIds.idFor(actionKey),
    });
    if (!result) return;
    voteIds.succeeded(actionKey);
    setUpvoted(question.questionId, !isUpvoted);
    // The count comes with `question:upvoted`, which reaches us too, with its change number: the
    // answer's count has none, and could be older than another vote's broadcast already shown.
  };
  return (
    // Named "Upvote" alone; the count and the question describe it ("3 votes, What are…").
    <button
      type="button"
      className={isUpvoted ? 'upvote upvote--on' : 'upvote'}
      aria-pressed={isUpvoted}
      aria-disabled={isBusy}
      aria-describedby={`${countId} ${describedBy}`}
      onClick={() => run(toggle)}
    >
      <span aria-hidden="true">▲</span> {TEXT.upvote}{' '}
      <span id={countId} className="upvote__count" aria-hidden="true">
        <span data-testid="upvote-count">{question.upvotes}</span>
        <span className="visually-hidden"> {TEXT.votes(question.upvotes)}</span>
      </span>
    </button>
  );
}
