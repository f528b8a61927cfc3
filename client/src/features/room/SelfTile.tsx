import { useAppState, useRoomSession } from '../../app/services.js';
import { VideoTrack } from '../media/VideoTrack.js';
import { Avatar } from './Avatar.js';

/** Your own camera as others will see it (mirrored), or your initials when it is off. */
export function SelfTile() {
  const session = useRoomSession();
  const displayName = useAppState((state) => state.displayName);
  const isCameraOn = useAppState((state) => state.isCameraOn);
  const isMicOn = useAppState((state) => state.isMicOn);
  const previewStatus = useAppState((state) => state.previewStatus);
  const track = isCameraOn ? session.localMedia.track('camera') : null;
  const name = displayName.trim();
  return (
    <div className="tile tile--self" data-testid="self-tile">
      {track ? (
        <VideoTrack track={track} isMirrored label="Your camera" />
      ) : (
        <Avatar name={name || '?'} note={previewStatus === 'starting' ? 'Starting camera…' : 'Camera off'} />
      )}
      <span className="tile__name">
        {name ? (
          <>
            {name} <span className="tile__you">(you)</span>
          </>
        ) : (
          'You'
        )}
        {!isMicOn && <span className="tile__badge">muted</span>}
      </span>
    </div>
  );
}
