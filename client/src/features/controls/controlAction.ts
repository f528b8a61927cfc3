import type { ControlIconName } from './ControlIcon.js';

/**
 * One thing a person can do from the control bar, as data: shown as a button
 * in the bar, or as an item of the "More" menu on a phone.
 */
export interface ControlAction {
  /** Stable among the actions of one bar. */
  key: string;
  /** The full words: the visible text on a wide screen, the accessible name everywhere. */
  label: string;
  /** Shorter visible words for the compact bar; the accessible name stays `label`, which contains them. */
  shortLabel?: string;
  icon?: ControlIconName;
  onSelect(): void;
  /** A switch (on or off): `aria-pressed` in the bar, a checkbox item in the menu. */
  isPressed?: boolean;
  isBusy?: boolean;
  /** How the bar shows it: `off` (a device turned off), `active` (something on), `record` (the red dot). */
  tone?: 'off' | 'active' | 'record';
}
