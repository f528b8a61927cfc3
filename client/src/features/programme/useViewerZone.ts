import { useCallback, useState } from 'react';
import { isTimeZone, localTimeZone } from '../../../../shared/timeZones.js';

const KEY = 'convene.timeZone';

/** The zone the person chose for times (remembered), else their browser's. Storage may be missing or throw: then the browser's. */
function loadZone(): string {
  try {
    const saved = globalThis.localStorage?.getItem(KEY);
    if (saved && isTimeZone(saved)) return saved;
  } catch {
    // Not remembered: the browser's zone.
  }
  return localTimeZone();
}

/** The zone the programme shows times in, and a way to change it (remembered for the next visit). */
export function useViewerZone(): [string, (zone: string) => void] {
  const [zone, setZone] = useState(loadZone);
  const choose = useCallback((next: string) => {
    if (!isTimeZone(next)) return;
    setZone(next);
    try {
      globalThis.localStorage?.setItem(KEY, next);
    } catch {
      // Not remembered this time.
    }
  }, []);
  return [zone, choose];
}

/** Every zone the browser knows, for the chooser (the person's own first if the list lacks it). */
export function knownZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}
