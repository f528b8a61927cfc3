import { useEffect, useState } from 'react';
import { useAppState } from '../../app/services.js';

/** The server's clock, ticking every second: what the groups' timers count with. */
export function useServerNow(): number {
  const offset = useAppState((state) => state.serverClockOffsetMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now + offset;
}
