import { useEffect, useRef } from 'react';

interface AudioTrackProps {
  track: MediaStreamTrack;
  /** Changes when the person asks to enable sound: play again inside that gesture. */
  playRequest: number;
  /** The browser refused to start sound without a click. */
  onBlocked(): void;
}

/** Plays one remote microphone through its own (invisible) audio element. */
export function AudioTrack({ track, playRequest, onBlocked }: AudioTrackProps) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = new MediaStream([track]);
    return () => {
      audio.srcObject = null;
    };
  }, [track]);
  useEffect(() => {
    ref.current?.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError') onBlocked();
    });
  }, [track, playRequest, onBlocked]);
  return <audio ref={ref} autoPlay />;
}
