import { PLAYBACK_SPEEDS } from './replayMoments.js';

export type PlaybackMode = 'video' | 'audio';

interface PlaybackOptionsProps {
  mode: PlaybackMode;
  /** Both files exist. */
  canSwitch: boolean;
  rate: number;
  onModeChange(mode: PlaybackMode): void;
  onRateChange(rate: number): void;
}

/** Audio only (for a weak connection) and playback speed. */
export function PlaybackOptions({ mode, canSwitch, rate, onModeChange, onRateChange }: PlaybackOptionsProps) {
  return (
    <div className="replay__options">
      {canSwitch && (
        <button
          type="button"
          className="button button--secondary button--small"
          aria-pressed={mode === 'audio'}
          onClick={() => onModeChange(mode === 'audio' ? 'video' : 'audio')}
        >
          Audio only (uses less data)
        </button>
      )}
      <div className="field field--inline">
        <label htmlFor="replay-speed">Playback speed</label>
        <select id="replay-speed" value={rate} onChange={(event) => onRateChange(Number(event.target.value))}>
          {PLAYBACK_SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed === 1 ? 'Normal (1×)' : `${speed}×`}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
