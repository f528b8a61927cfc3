/**
 * Which video to receive and how sharp: pure decisions from a tile's size,
 * whether it is on screen, and the person's data-saver choice. Weak links
 * are the norm for our audience, so nothing is sent that nobody sees.
 */
import type { MediaSource } from '../../../shared/events.js';

/** Off, lowest video quality everywhere, or no video at all (avatars instead). */
export type DataSaver = 'off' | 'low-video' | 'audio-only';

export const DATA_SAVER_MODES: readonly DataSaver[] = ['off', 'low-video', 'audio-only'];

/** Simulcast layers the camera is sent in (see MediaClient): 0 is the smaller. */
export type SpatialLayer = 0 | 1;

/** How a received video is shown: its tile's rendered width (CSS px) and whether it is on screen. */
export interface VideoView {
  isVisible: boolean;
  width: number;
}

/** What to ask the server for one video consumer. */
export interface VideoFlow {
  isPaused: boolean;
  /** The best layer wanted; null for video sent in one layer (screen shares). */
  spatialLayer: SpatialLayer | null;
}

/**
 * The smallest layer that still looks sharp at `width`: the camera's layers
 * are half and full of 640 px wide.
 */
export function layerForWidth(width: number): SpatialLayer {
  return width <= 320 ? 0 : 1;
}

/**
 * The flow one received video should have. A tile not yet measured counts
 * as visible at full size, so video starts at once and is trimmed after.
 */
export function decideVideoFlow(source: MediaSource, view: VideoView | undefined, dataSaver: DataSaver): VideoFlow {
  const isSimulcast = source === 'camera';
  const best: SpatialLayer | null = !isSimulcast ? null : dataSaver === 'low-video' ? 0 : layerForWidth(view?.width ?? Infinity);
  const isPaused = dataSaver === 'audio-only' || view?.isVisible === false;
  return { isPaused, spatialLayer: best };
}

/** Whether the layer the server forwards is worse than the one the tile asked for (weak connection). */
export function isBelowWanted(received: number | null | undefined, wanted: SpatialLayer | null): boolean {
  if (received === undefined || wanted === null) return false;
  return received === null || received < wanted;
}
