import { useId, useState } from 'react';
import type { Poll, PollState } from '../../../../shared/conversation.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ActionIds } from '../../realtime/requestId.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { normaliseChoices } from './pollResults.js';
import { PollResultsView } from './PollResultsView.js';

const TEXT = {
  state: { draft: 'Draft', open: 'Open', closed: 'Closed' } satisfies Record<PollState, string>,
  chooseOne: 'Choose one answer.',
  chooseAny: 'Choose one or more answers.',
  vote: 'Vote',
  changeVote: 'Change vote',
  voted: 'Your vote is counted. You can change it while the poll is open.',
  yourChoice: (options: string[]) => `You chose: ${options.join(', ')}`,
  notVoted: 'You did not vote.',
  draftNote: 'Only moderators see this poll until it opens.',
  open: 'Open poll',
  close: 'Close poll',
  share: 'Share results',
  hide: 'Hide results',
  pickOne: 'Choose an answer first.',
  moderate: 'Manage poll',
};

/** One poll: its question and state, the vote (while open), and its results for whoever may see them. */
export function PollCard({ poll }: { poll: Poll }) {
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const myChoices = useAppState((state) => state.pollVotes[poll.pollId]);
  const headingId = useId();
  return (
    <li className="poll" data-testid="poll" data-poll-id={poll.pollId} data-state={poll.state}>
      <div className="poll__header">
        <h4 id={headingId} className="poll__question">
          {poll.question}
        </h4>
        <span className={`badge badge--poll-${poll.state}`}>{TEXT.state[poll.state]}</span>
      </div>
      {poll.state === 'draft' && <p className="muted">{TEXT.draftNote}</p>}
      {/* Keyed by the recorded vote: one that changes elsewhere (another tab, a rejoin) resets the form. */}
      {poll.state === 'open' && <VoteForm key={(myChoices ?? []).join(',')} poll={poll} myChoices={myChoices ?? []} />}
      {poll.state === 'closed' && (
        <p className="muted">
          {myChoices && myChoices.length > 0 ? TEXT.yourChoice(myChoices.map((i) => poll.options[i] ?? '')) : TEXT.notVoted}
        </p>
      )}
      {poll.results && <PollResultsView poll={poll} results={poll.results} />}
      {isModerator && <PollModeratorControls poll={poll} />}
    </li>
  );
}

/** Radio buttons for one answer, checkboxes for several; voting again replaces the earlier choice. */
function VoteForm({ poll, myChoices }: { poll: Poll; myChoices: number[] }) {
  const session = useRoomSession();
  const setPollVote = useAppState((state) => state.setPollVote);
  const groupName = useId();
  const hintId = useId();
  const [choices, setChoices] = useState<number[]>(myChoices);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, run] = useBusyAction();
  const [voteIds] = useState(() => new ActionIds());
  const hasVoted = myChoices.length > 0;
  const isSingle = poll.kind === 'single';

  const toggle = (index: number, isChecked: boolean) => {
    setError(null);
    setChoices((current) => (isSingle ? [index] : isChecked ? [...current, index] : current.filter((i) => i !== index)));
  };

  const vote = async () => {
    const chosen = normaliseChoices(choices, poll.options.length);
    if (chosen.length === 0) {
      setError(TEXT.pickOne);
      return;
    }
    // Sent again after a failure, the same choice keeps its requestId: the server answers it once.
    const actionKey = chosen.join(',');
    const result = await session.perform('poll:vote', { pollId: poll.pollId, choices: chosen, requestId: voteIds.idFor(actionKey) });
    if (!result) return;
    voteIds.succeeded(actionKey);
    setPollVote(poll.pollId, chosen);
  };

  return (
    <form
      className="poll__vote"
      onSubmit={(event) => {
        event.preventDefault();
        run(vote);
      }}
    >
      <fieldset aria-describedby={hintId}>
        <legend className="visually-hidden">{poll.question}</legend>
        <p id={hintId} className="muted">
          {isSingle ? TEXT.chooseOne : TEXT.chooseAny}
        </p>
        {poll.options.map((option, index) => (
          <label key={index} className="poll__choice">
            <input
              type={isSingle ? 'radio' : 'checkbox'}
              name={groupName}
              checked={choices.includes(index)}
              onChange={(event) => toggle(index, event.target.checked)}
            />
            <span>{option}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="poll__vote-footer">
        <button type="submit" className="button button--primary button--small" aria-disabled={isBusy}>
          {hasVoted ? TEXT.changeVote : TEXT.vote}
        </button>
        {hasVoted && (
          <span className="muted" role="status">
            {TEXT.voted}
          </span>
        )}
      </div>
    </form>
  );
}

/** Moderators move a poll along: draft → open → closed, and choose who sees the results. */
function PollModeratorControls({ poll }: { poll: Poll }) {
  const session = useRoomSession();
  const upsertPoll = useAppState((state) => state.upsertPoll);
  const [isBusy, run] = useBusyAction();
  const act = (action: () => Promise<Poll | null>) =>
    run(async () => {
      const changed = await action();
      if (changed) upsertPoll(changed);
    });
  return (
    <div className="poll__controls" role="group" aria-label={TEXT.moderate}>
      {poll.state === 'draft' && (
        <button type="button" className="action action--primary" aria-disabled={isBusy} onClick={() => act(() => session.perform('poll:open', { pollId: poll.pollId }))}>
          {TEXT.open}
        </button>
      )}
      {poll.state === 'open' && (
        <button type="button" className="action" aria-disabled={isBusy} onClick={() => act(() => session.perform('poll:close', { pollId: poll.pollId }))}>
          {TEXT.close}
        </button>
      )}
      {poll.state !== 'draft' && (
        <button
          type="button"
          className="action"
          aria-disabled={isBusy}
          onClick={() => act(() => session.perform('poll:share-results', { pollId: poll.pollId, shared: !poll.resultsShared }))}
        >
          {poll.resultsShared ? TEXT.hide : TEXT.share}
        </button>
      )}
    </div>
  );
}
