import { useAppState } from '../../app/services.js';

const TEXT = { to: (by: string) => `${by}, to all groups:`, dismiss: 'Dismiss the message' };

/** A moderator's message to every group, until dismissed; announced as it arrives. */
export function BroadcastBanner() {
  const broadcast = useAppState((state) => state.buzzBroadcast);
  const dismiss = useAppState((state) => state.dismissBuzzBroadcast);
  // The live region stays in the page so that a new message is read out.
  return (
    <div className="buzz-broadcast" aria-live="assertive" data-testid="buzz-broadcast">
      {broadcast && (
        <p className="banner banner--broadcast">
          <strong>{TEXT.to(broadcast.by)}</strong> <span>{broadcast.text}</span>
          <button type="button" className="icon-button" aria-label={TEXT.dismiss} onClick={dismiss}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
