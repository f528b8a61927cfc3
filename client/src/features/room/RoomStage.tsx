import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppState, useRoomSession } from '../../app/services.js';
import { DeviceToggles } from './DeviceToggles.js';
import { PeerTile } from './PeerTile.js';
import { RoomStatusBar } from './RoomStatusBar.js';
import { SelfTile } from './SelfTile.js';

/** The room once joined: everyone's tiles, your devices, and the way out. */
export function RoomStage({ title }: { title: string }) {
  const session = useRoomSession();
  const navigate = useNavigate();
  const peers = useAppState((state) => state.peers);
  const status = useAppState((state) => state.status);
  const previewError = useAppState((state) => state.previewError);
  // Browsers may refuse to play sound until a click; one button then starts all of it.
  const [isSoundBlocked, setSoundBlocked] = useState(false);
  const [playRequest, setPlayRequest] = useState(0);
  const onAudioBlocked = useCallback(() => setSoundBlocked(true), []);
  // The Join button that had focus is gone: put keyboard and screen-reader users at the top of the room.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  const leave = () => {
    void session.leave();
    void navigate('/');
  };

  return (
    <div className="room">
      <header className="room__header">
        <h1 className="room__title" ref={titleRef} tabIndex={-1}>
          {title}
        </h1>
        <RoomStatusBar />
      </header>
      {isSoundBlocked && (
        <div className="banner">
          <span>Your browser paused the sound.</span>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setSoundBlocked(false);
              setPlayRequest((value) => value + 1);
            }}
          >
            Turn on sound
          </button>
        </div>
      )}
      {previewError && (
        <p className="banner banner--warning" role="alert">
          {previewError}
        </p>
      )}
      <main className="room__stage">
        <ul className="grid" aria-label={`Participants: ${peers.length + 1}`}>
          <li>
            <SelfTile />
          </li>
          {peers.map((peer) => (
            <li key={peer.peerId}>
              <PeerTile peer={peer} playRequest={playRequest} onAudioBlocked={onAudioBlocked} />
            </li>
          ))}
        </ul>
        {status === 'joined' && peers.length === 0 && (
          <p className="empty">You are the only one here. Share this page’s address to invite others.</p>
        )}
      </main>
      <footer className="room__toolbar">
        <DeviceToggles />
        <button type="button" className="button button--danger" onClick={leave}>
          Leave
        </button>
      </footer>
    </div>
  );
}
