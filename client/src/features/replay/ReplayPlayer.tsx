import type { RefObject } from 'react';
import type { RecordingMediaUrls } from '../../../../shared/recordings.js';
import type { PlaybackMode } from './PlaybackOptions.js';

interface ReplayPlayerProps {
  mode: PlaybackMode;
  media: RecordingMediaUrls;
  /** BCP 47: the captions' language. */
  language: string;
  elementRef: RefObject<HTMLMediaElement | null>;
  /** The element knows its duration: it can be sought now. */
  onReady(element: HTMLMediaElement): void;
  /** The playback position moved (playing or seeking), in ms. */
  onTime(ms: number): void;
}

/** The packaged video, or the audio-only file; captions when an organiser attached them. */
export function ReplayPlayer({ mode, media, language, elementRef, onReady, onTime }: ReplayPlayerProps) {
  const src = mode === 'video' ? media.video : media.audio;
  if (src === null) {
    return (
      <p className="notice notice--warning" role="status">
        This recording is not ready to play yet. Its chat, questions and chapters are below.
      </p>
    );
  }
  const events = {
    onLoadedMetadata: (event: { currentTarget: HTMLMediaElement }) => onReady(event.currentTarget),
    onTimeUpdate: (event: { currentTarget: HTMLMediaElement }) => onTime(event.currentTarget.currentTime * 1000),
    onSeeked: (event: { currentTarget: HTMLMediaElement }) => onTime(event.currentTarget.currentTime * 1000),
  };
  return mode === 'video' ? (
    <video
      key="video"
      ref={(node) => {
        elementRef.current = node;
      }}
      className="replay__video"
      src={src}
      poster={media.thumbnail ?? undefined}
      controls
      preload="metadata"
      playsInline
      aria-label="Session video"
      {...events}
    >
      {media.captions && <track kind="captions" src={media.captions} srcLang={language} label="Captions" default />}
    </video>
  ) : (
    <audio
      key="audio"
      ref={(node) => {
        elementRef.current = node;
      }}
      className="replay__audio"
      src={src}
      controls
      preload="metadata"
      aria-label="Session audio"
      {...events}
    />
  );
}
