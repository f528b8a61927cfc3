/**
 * Browsers may refuse to play sound until the person clicks: every audio
 * element reports a refusal, and one "Turn on sound" click asks them all to
 * play again (a new `playRequest`).
 */
export interface SoundControl {
  playRequest: number;
  onBlocked(): void;
}
