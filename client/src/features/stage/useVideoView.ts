import { useEffect, useState, type RefObject } from 'react';
import type { ConsumerId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { decideVideoFlow, type SpatialLayer } from '../../media/videoQuality.js';

/** Resizing a window fires many size changes; only the one it settles on is sent. */
const RESIZE_SETTLE_MS = 400;

/**
 * Tells the session how a received video is shown: its tile's width
 * (which simulcast layer is worth receiving) and whether it is on screen
 * (off-screen video is paused). Returns the layer asked for, as the
 * session decides it (tile size and data saver together).
 */
export function useVideoView(consumerId: ConsumerId | null, tileRef: RefObject<HTMLElement | null>): SpatialLayer | null {
  const session = useRoomSession();
  const dataSaver = useAppState((state) => state.dataSaver);
  const [width, setWidth] = useState<number>(Infinity);

  useEffect(() => {
    const tile = tileRef.current;
    if (!tile || !consumerId) return;
    let width = tile.getBoundingClientRect().width;
    let isVisible = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const report = () => {
      session.setVideoView(consumerId, { isVisible, width });
      setWidth(width);
    };
    const resizeObserver = new ResizeObserver(([entry]) => {
      if (!entry) return;
      width = entry.contentRect.width;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(report, RESIZE_SETTLE_MS);
    });
    const intersectionObserver = new IntersectionObserver(([entry]) => {
      if (!entry) return;
      isVisible = entry.isIntersecting;
      report();
    });
    resizeObserver.observe(tile);
    intersectionObserver.observe(tile);
    return () => {
      if (timer !== null) clearTimeout(timer);
      resizeObserver.disconnect();
      intersectionObserver.disconnect();
      session.setVideoView(consumerId, null);
    };
  }, [consumerId, session, tileRef]);

  return decideVideoFlow('camera', { isVisible: true, width }, dataSaver).spatialLayer;
}
