import { useMemo } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { findScreenShare, stagePeers } from '../../store/peopleSelectors.js';
import { PeerTile } from './PeerTile.js';
import { ScreenTile } from './ScreenTile.js';
import { SelfTile } from './SelfTile.js';
import type { SoundControl } from './soundControl.js';

const TEXT = {
  heading: 'Stage',
  empty: 'Nobody is on stage yet. The session will start soon.',
};

/**
 * The people on stage as tiles; while someone shares a screen, the screen
 * takes the main area and the tiles become a strip beside it.
 */
export function StageArea({ sound }: { sound: SoundControl }) {
  const session = useRoomSession();
  const peers = useAppState((state) => state.peers);
  const isSelfOnStage = useAppState((state) => state.self?.seat === 'stage');
  const selfPeerId = useAppState((state) => state.selfPeerId);
  const displayName = useAppState((state) => state.displayName);
  const isSharing = useAppState((state) => state.isScreenSharing);
  const onStage = useMemo(() => stagePeers(peers), [peers]);
  const remoteShare = useMemo(() => findScreenShare(onStage), [onStage]);
  const tileCount = onStage.length + (isSelfOnStage ? 1 : 0);

  const screen =
    isSharing && selfPeerId ? (
      <ScreenTile peerId={selfPeerId} displayName={displayName} local={{ track: session.localMedia.track('screen') }} />
    ) : remoteShare ? (
      <ScreenTile
        peerId={remoteShare.peer.peerId}
        displayName={remoteShare.peer.displayName}
        role={remoteShare.peer.role}
        remote={{
          videoId: remoteShare.peer.consumers.find((c) => c.source === 'screen')?.consumerId ?? null,
          audioId: remoteShare.peer.consumers.find((c) => c.source === 'screen-audio')?.consumerId ?? null,
          sound,
        }}
      />
    ) : null;

  return (
    <section className={screen ? 'stage stage--screen' : 'stage'} aria-labelledby="stage-heading">
      <h2 id="stage-heading" className="visually-hidden">
        {TEXT.heading}
      </h2>
      {screen}
      {tileCount === 0 ? (
        <p className="empty">{TEXT.empty}</p>
      ) : (
        <ul className={screen ? 'stage__strip' : 'grid'} aria-label={`On stage: ${tileCount}`}>
          {isSelfOnStage && (
            <li>
              <SelfTile />
            </li>
          )}
          {onStage.map((peer) => (
            <li key={peer.peerId}>
              <PeerTile peer={peer} sound={sound} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
