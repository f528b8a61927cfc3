import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = {
  problem: 'Your audio and video cannot get through.',
  advice: 'A firewall or VPN may be blocking them: check those, or try another network (for example your phone’s). We keep trying meanwhile.',
  tryAgain: 'Try again',
  trying: 'Trying again…',
};

/**
 * In the room, but media cannot connect (the signalling got through, the
 * media does not): says so, what the person can do, and lets them try
 * again at once. The session keeps retrying by itself with backoff; the
 * banner stays through its attempts, so its alert is announced once.
 */
export function MediaProblemBanner() {
  const session = useRoomSession();
  const mediaLink = useAppState((state) => state.mediaLink);
  const isInRoom = useAppState((state) => state.status === 'joined');
  if (!isInRoom || mediaLink === 'ok') return null;
  const isRetrying = mediaLink === 'retrying';
  return (
    <div className="banner banner--warning" data-testid="media-problem">
      {/* Only the words are announced: the button's label changing is not news. */}
      <span role="alert">
        <strong>{TEXT.problem}</strong> {TEXT.advice}
      </span>
      {/* aria-disabled, not disabled, while an attempt is under way: a disabled button loses keyboard focus. */}
      <button
        type="button"
        className="button button--secondary"
        aria-disabled={isRetrying || undefined}
        onClick={() => {
          if (!isRetrying) session.retryMedia();
        }}
      >
        {isRetrying ? TEXT.trying : TEXT.tryAgain}
      </button>
    </div>
  );
}
