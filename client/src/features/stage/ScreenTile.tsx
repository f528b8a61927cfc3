import { useRef } from 'react';
import type { Role } from '../../../../shared/events.js';
import type { ConsumerId, PeerId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { AudioTrack } from '../media/AudioTrack.js';
import { VideoTrack } from '../media/VideoTrack.js';
import { RoleBadge } from './RoleBadge.js';
import type { SoundControl } from './soundControl.js';
import { useVideoView } from './useVideoView.js';

interface ScreenTileProps {
  peerId: PeerId;
  displayName: string;
  /** The sharer's role, badged beside their name (a participant cannot pass for a moderator). */
  role?: Role;
  /** Our own share is shown from the local track; someone else's from its consumers. */
  local?: { track: MediaStreamTrack | null };
  remote?: { videoId: ConsumerId | null; audioId: ConsumerId | null; sound: SoundControl };
}

/** A shared screen, in the main area while it lasts. */
export function ScreenTile({ peerId, displayName, role = 'participant', local, remote }: ScreenTileProps) {
  const session = useRoomSession();
  const isAudioOnly = useAppState((state) => state.dataSaver === 'audio-only');
  const ref = useRef<HTMLDivElement>(null);
  useVideoView(remote?.videoId ?? null, ref);
  const remoteVideo = remote?.videoId && !isAudioOnly ? session.remoteTrack(remote.videoId) : null;
  const track = local ? local.track : remoteVideo;
  const audio = remote?.audioId ? session.remoteTrack(remote.audioId) : null;
  const title = local ? 'You are sharing your screen' : `${displayName} is sharing their screen`;
  return (
    <section ref={ref} className="screen-tile" data-testid="screen-tile" data-peer-id={peerId} aria-label={title}>
      {track ? (
        <VideoTrack track={track} label={title} fit="contain" />
      ) : (
        <p className="screen-tile__placeholder">{isAudioOnly ? 'Screen share paused to save data (audio only).' : 'Connecting the screen share…'}</p>
      )}
      {audio && remote && <AudioTrack track={audio} playRequest={remote.sound.playRequest} onBlocked={remote.sound.onBlocked} />}
      <p className="screen-tile__caption">
        {local ? (
          title
        ) : (
          <>
            <bdi>{displayName}</bdi> <RoleBadge role={role} /> is sharing their screen
          </>
        )}
      </p>
    </section>
  );
}
