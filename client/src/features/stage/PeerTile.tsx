import { useRef } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { isBelowWanted } from '../../media/videoQuality.js';
import { micStateOf, sends } from '../../store/peopleSelectors.js';
import type { PeerState } from '../../store/peersSlice.js';
import { AudioTrack } from '../media/AudioTrack.js';
import { VideoTrack } from '../media/VideoTrack.js';
import { Avatar } from './Avatar.js';
import type { SoundControl } from './soundControl.js';
import { TileLabel } from './TileLabel.js';
import { useSustained } from './useSustained.js';
import { useVideoView } from './useVideoView.js';

/** A new video climbs to its best layer within seconds: only a longer shortfall is worth a badge. */
const LOW_QUALITY_AFTER_MS = 6_000;

interface PeerTileProps {
  peer: PeerState;
  sound: SoundControl;
}

/** One person on stage: their camera (or initials), their voice, their name and microphone state. */
export function PeerTile({ peer, sound }: PeerTileProps) {
  const session = useRoomSession();
  const isSpeaking = useAppState((state) => state.activeSpeakerId === peer.peerId);
  const isAudioOnly = useAppState((state) => state.dataSaver === 'audio-only');
  const ref = useRef<HTMLDivElement>(null);
  const camera = peer.consumers.find((consumer) => consumer.source === 'camera');
  const microphone = peer.consumers.find((consumer) => consumer.source === 'microphone');
  const wantedLayer = useVideoView(camera?.consumerId ?? null, ref);
  const cameraTrack = camera && !isAudioOnly ? session.remoteTrack(camera.consumerId) : null;
  const microphoneTrack = microphone ? session.remoteTrack(microphone.consumerId) : null;
  const isLowQuality = useSustained(cameraTrack !== null && isBelowWanted(camera?.spatialLayer, wantedLayer), LOW_QUALITY_AFTER_MS);
  const mic = micStateOf(peer.producers);
  const avatarNote = isAudioOnly ? 'Video off (audio only)' : sends(peer.producers, 'camera') ? 'Connecting video…' : 'Camera off';
  return (
    <div
      ref={ref}
      className={isSpeaking ? 'tile tile--speaking' : 'tile'}
      data-testid="peer-tile"
      data-peer-id={peer.peerId}
      data-display-name={peer.displayName}
      data-speaking={isSpeaking}
      data-mic={mic}
      role="group"
      aria-label={peer.displayName}
    >
      {cameraTrack ? (
        <VideoTrack track={cameraTrack} label={`${peer.displayName}'s camera`} />
      ) : (
        <Avatar name={peer.displayName} note={avatarNote} />
      )}
      {microphoneTrack && <AudioTrack track={microphoneTrack} playRequest={sound.playRequest} onBlocked={sound.onBlocked} />}
      <TileLabel
        name={peer.displayName}
        role={peer.role}
        mic={mic}
        isReconnecting={peer.isReconnecting}
        isLowQuality={isLowQuality}
      />
    </div>
  );
}
