import type { BuzzRound } from '../../../../shared/buzz.js';
import { formatCountdown, timerView, type TimerView } from './buzzTimer.js';
import { useServerNow } from '../shared/useServerNow.js';

const TEXT = {
  timeLeft: (time: string) => `${time} left`,
  over: 'Time is up',
  returning: (time: string) => `Back to the main session in ${time}`,
  announce: {
    'time-left': '',
    warning: 'One minute left in the groups.',
    over: 'Time is up. The moderators will bring everyone back.',
    returning: 'The groups are ending. Everyone returns to the main session shortly.',
  } satisfies Record<TimerView['kind'], string>,
};

/**
 * The groups' time, the same in every group and for the moderators: the
 * time left, turning to a warning in the last minute; during "end all
 * groups", the countdown back. A live region reads out each change of phase (not every second).
 */
export function BuzzTimer({ round }: { round: BuzzRound }) {
  const view = timerView(round, useServerNow());
  return (
    <>
      {view && (
        <p className={`buzz-timer buzz-timer--${view.kind}`} role="timer" data-testid="buzz-timer">
          {view.kind === 'over'
            ? TEXT.over
            : view.kind === 'returning'
              ? TEXT.returning(formatCountdown(view.remainingMs))
              : TEXT.timeLeft(formatCountdown(view.remainingMs))}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {view ? TEXT.announce[view.kind] : ''}
      </p>
    </>
  );
}
