import { useCallback, useSyncExternalStore } from 'react';

/**
 * Phones and narrow windows: one row of controls with a "More" menu, and the
 * side panels as a sheet over the lower part of the screen. The same width as
 * the stylesheet's phone layout (`@media (max-width: 48rem)`).
 */
export const COMPACT_LAYOUT_QUERY = '(max-width: 48rem)';

/** Whether a CSS media query matches now; the component re-renders when that changes (a phone turned, a window resized). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

export const useIsCompactLayout = (): boolean => useMediaQuery(COMPACT_LAYOUT_QUERY);
