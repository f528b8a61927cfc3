import { useEffect, useState } from 'react';

/**
 * True once `value` has stayed true for `ms`: a badge for a lasting state,
 * not for the few seconds every new video needs to reach full quality.
 */
export function useSustained(value: boolean, ms: number): boolean {
  const [hasLasted, setLasted] = useState(false);
  useEffect(() => {
    if (!value) return;
    const timer = setTimeout(() => setLasted(true), ms);
    return () => {
      clearTimeout(timer);
      setLasted(false);
    };
  }, [value, ms]);
  return value && hasLasted;
}
