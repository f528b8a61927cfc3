import { useEffect, useState } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = { label: 'Microphone level', off: 'Microphone off' };
/** Ten readings a second: smooth enough to see speech, cheap enough for an old phone. */
const SAMPLE_MS = 100;
const DECAY = 0.8;

/** A live level of the microphone, so people can check they will be heard before joining. */
export function MicLevelMeter() {
  const { localMedia } = useRoomSession();
  const isMicOn = useAppState((state) => state.isMicOn);
  // A switched microphone is a new track under the same flag.
  const deviceId = useAppState((state) => state.microphoneDeviceId);
  const track = isMicOn ? localMedia.track('microphone') : null;
  const level = useAudioLevel(track, deviceId);
  return (
    <div className="meter-row">
      <span id="mic-level-label">{track ? TEXT.label : TEXT.off}</span>
      <div
        className="meter"
        role="meter"
        aria-labelledby="mic-level-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={level}
        data-testid="mic-level"
      >
        <div className="meter__fill" style={{ width: `${level}%` }} />
      </div>
    </div>
  );
}

/** Loudness of a track from 0 to 100 (RMS of the waveform, scaled so speech fills most of the bar), with a slow fall. */
function useAudioLevel(track: MediaStreamTrack | null, key: unknown): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track) return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    // Browsers start audio suspended until the page is used; capture usually lifts that, a click always does.
    const resume = () => void context.resume();
    resume();
    document.addEventListener('pointerdown', resume, { once: true });
    document.addEventListener('keydown', resume, { once: true });
    const samples = new Float32Array(analyser.fftSize);
    let shown = 0;
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const current = Math.min(100, Math.sqrt(sum / samples.length) * 300);
      // Rise at once, fall slowly: a syllable stays visible long enough to be seen.
      shown = Math.max(current, shown * DECAY);
      setLevel(Math.round(shown));
    }, SAMPLE_MS);
    return () => {
      clearInterval(timer);
      document.removeEventListener('pointerdown', resume);
      document.removeEventListener('keydown', resume);
      source.disconnect();
      void context.close();
    };
  }, [track, key]);
  return track ? level : 0;
}
