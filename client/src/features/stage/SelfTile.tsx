import { cleanDisplayName } from '../../../../shared/displayName.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { VideoTrack } from '../media/VideoTrack.js';
import { Avatar } from './Avatar.js';
import { TileLabel } from './TileLabel.js';

/** Your own camera as others will see it (mirrored), or your initials when it is off. */
export function SelfTile() {
  const session = useRoomSession();
  // The name the room knows: the identity's (an account's name when joining with one), else the one typed.
  const displayName = useAppState((state) => state.identity?.displayName ?? state.account?.displayName ?? state.displayName);
  const isCameraOn = useAppState((state) => state.isCameraOn);
  const isMicOn = useAppState((state) => state.isMicOn);
  // Re-render when the camera is switched: the track changes under the same flag.
  useAppState((state) => state.cameraDeviceId);
  const previewStatus = useAppState((state) => state.previewStatus);
  const role = useAppState((state) => state.self?.role ?? 'participant');
  const isSpeaking = useAppState((state) => state.selfPeerId !== null && state.activeSpeakerId === state.selfPeerId);
  const track = isCameraOn ? session.localMedia.track('camera') : null;
  // As others will see it: the server strips the same invisible characters.
  const name = cleanDisplayName(displayName) || 'You';
  return (
    <div
      className={isSpeaking ? 'tile tile--self tile--speaking' : 'tile tile--self'}
      data-testid="self-tile"
      data-speaking={isSpeaking}
      data-mic={isMicOn ? 'on' : 'muted'}
      role="group"
      aria-label={`${name} (you)`}
    >
      {track ? (
        <VideoTrack track={track} isMirrored label="Your camera" />
      ) : (
        <Avatar name={name} note={previewStatus === 'starting' ? 'Starting camera…' : 'Camera off'} />
      )}
      <TileLabel name={name} isSelf role={role} mic={isMicOn ? 'on' : 'muted'} />
    </div>
  );
}
