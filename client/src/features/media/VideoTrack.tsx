import { useEffect, useRef } from 'react';

interface VideoTrackProps {
  track: MediaStreamTrack;
  /** For one's own camera: a mirror is what people expect to see of themselves. */
  isMirrored?: boolean;
  label: string;
  /** Cameras fill their tile; a shared screen is shown whole. */
  fit?: 'cover' | 'contain';
}

/** Plays one video track. Always muted: sound goes through {@link AudioTrack}. */
export function VideoTrack({ track, isMirrored = false, label, fit = 'cover' }: VideoTrackProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = new MediaStream([track]);
    // autoPlay covers most cases; play() again for browsers that wait for data first.
    video.play().catch(() => undefined);
    return () => {
      video.srcObject = null;
    };
  }, [track]);
  return (
    <video
      ref={ref}
      className={['tile__video', isMirrored && 'tile__video--mirrored', fit === 'contain' && 'tile__video--contain']
        .filter(Boolean)
        .join(' ')}
      autoPlay
      playsInline
      muted
      aria-label={label}
    />
  );
}
