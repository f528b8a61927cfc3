import { useId, useMemo, useState } from 'react';
import { useAppState } from '../../app/services.js';
import { PollCard } from './PollCard.js';
import { CreatePollForm } from './CreatePollForm.js';

const TEXT = {
  heading: 'Polls',
  newPoll: 'New poll',
  empty: 'No polls yet.',
  emptyModerator: 'No polls yet. Create one to ask the whole room.',
};

/** The polls of the session, newest first; moderators create and run them here. */
export function PollsTab() {
  const polls = useAppState((state) => state.polls);
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  const [isCreating, setCreating] = useState(false);
  const headingId = useId();
  const newest = useMemo(() => [...polls].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)), [polls]);
  return (
    <div className="polls">
      <div className="questions__header">
        <h3 id={headingId} className="panel-heading">
          {TEXT.heading}
        </h3>
        {isModerator && !isCreating && (
          <button type="button" className="action action--primary" onClick={() => setCreating(true)}>
            {TEXT.newPoll}
          </button>
        )}
      </div>
      {isCreating && <CreatePollForm onDone={() => setCreating(false)} />}
      {newest.length === 0 ? (
        <p className="panel-empty">{isModerator ? TEXT.emptyModerator : TEXT.empty}</p>
      ) : (
        <ul className="polls__list" aria-labelledby={headingId}>
          {newest.map((poll) => (
            <PollCard key={poll.pollId} poll={poll} />
          ))}
        </ul>
      )}
    </div>
  );
}
