import { useAppState } from '../../app/services.js';
import { RoleBadge } from '../stage/RoleBadge.js';

const TEXT = { to: ', to all groups:', dismiss: 'Dismiss the message' };

/** A moderator's message to every group, until dismissed; announced as it arrives. */
export function BroadcastBanner() {
  const broadcast = useAppState((state) => state.buzzBroadcast);
  const dismiss = useAppState((state) => state.dismissBuzzBroadcast);
  // The live region stays in the page so that a new message is read out.
  return (
    <div className="buzz-broadcast" aria-live="assertive" data-testid="buzz-broadcast">
      {broadcast && (
        <p className="banner banner--broadcast">
          {/* Only moderators speak to all groups: badged, so nobody takes it for a participant's. */}
          <strong>
            <bdi>{broadcast.by}</bdi> <RoleBadge role="moderator" />
            {TEXT.to}
          </strong>{' '}
          <span>{broadcast.text}</span>
          <button type="button" className="icon-button" aria-label={TEXT.dismiss} onClick={dismiss}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
