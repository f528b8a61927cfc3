import type { Poll, PollResults } from '../../../../shared/conversation.js';
import { resultRows } from './pollResults.js';

const TEXT = {
  heading: 'Results',
  voters: (count: number) => (count === 1 ? '1 person voted' : `${count} people voted`),
  row: (count: number, percent: number) => `${count} ${count === 1 ? 'vote' : 'votes'} (${percent}%)`,
  onlyModerators: 'Only moderators see these results until you share them.',
};

/**
 * Results as words first ("12 votes (40%)"), which screen readers read as
 * they are, with a bar beside each for the eye (hidden from them).
 */
export function PollResultsView({ poll, results }: { poll: Poll; results: PollResults }) {
  return (
    <div className="poll__results">
      <p className="poll__voters">
        {TEXT.voters(results.voters)}
        {!poll.resultsShared && <span className="muted"> {TEXT.onlyModerators}</span>}
      </p>
      <ul className="poll__rows">
        {resultRows(poll, results).map((row, index) => (
          <li key={index} className="poll__row">
            <span className="poll__option">{row.option}</span>
            <span className="poll__figure">{TEXT.row(row.count, row.percent)}</span>
            <span className="poll__bar" aria-hidden="true">
              <span className="poll__fill" style={{ width: `${row.percent}%` }} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
