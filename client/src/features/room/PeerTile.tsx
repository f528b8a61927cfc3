import { useRoomSession } from '../../app/services.js';
import type { PeerState } from '../../store/peersSlice.js';
import { AudioTrack } from '../media/AudioTrack.js';
import { VideoTrack } from '../media/VideoTrack.js';
import { Avatar } from './Avatar.js';

interface PeerTileProps {
  peer: PeerState;
  playRequest: number;
  onAudioBlocked(): void;
}

/** One remote participant: their camera (or initials), their voice, their name. */
export function PeerTile({ peer, playRequest, onAudioBlocked }: PeerTileProps) {
  const session = useRoomSession();
  const camera = peer.consumers.find((consumer) => consumer.source === 'camera');
  const microphone = peer.consumers.find((consumer) => consumer.source === 'microphone');
  const cameraTrack = camera ? session.remoteTrack(camera.consumerId) : null;
  const microphoneTrack = microphone ? session.remoteTrack(microphone.consumerId) : null;
  const isSendingCamera = peer.producers.some((producer) => producer.source === 'camera');
  const isSendingMicrophone = peer.producers.some((producer) => producer.source === 'microphone');
  return (
    <div
      className="tile"
      data-testid="peer-tile"
      data-peer-id={peer.peerId}
      data-display-name={peer.displayName}
      aria-label={isSendingMicrophone ? peer.displayName : `${peer.displayName}, muted`}
      role="group"
    >
      {cameraTrack ? (
        <VideoTrack track={cameraTrack} label={`${peer.displayName}'s camera`} />
      ) : (
        <Avatar name={peer.displayName} note={isSendingCamera ? 'Connecting video…' : 'Camera off'} />
      )}
      {microphoneTrack && <AudioTrack track={microphoneTrack} playRequest={playRequest} onBlocked={onAudioBlocked} />}
      <span className="tile__name" aria-hidden="true">
        {peer.displayName}
        {!isSendingMicrophone && <span className="tile__badge">muted</span>}
      </span>
    </div>
  );
}
