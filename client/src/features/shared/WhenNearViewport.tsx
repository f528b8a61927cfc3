import { useEffect, useRef, useState, type ReactNode } from 'react';

/** How far below the screen a part starts loading: far enough that it is there when scrolled to, on a slow link too. */
const AHEAD = '600px';

/**
 * Shows `children` once this place comes near the screen, `placeholder`
 * until then: a part far down a page (and the code it loads lazily) is not
 * fetched by those who never scroll to it. Without IntersectionObserver,
 * at once.
 */
export function WhenNearViewport({ children, placeholder }: { children: ReactNode; placeholder: ReactNode }) {
  const place = useRef<HTMLDivElement>(null);
  const [isNear, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = place.current;
    if (isNear || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setNear(true);
    }, { rootMargin: AHEAD });
    observer.observe(element);
    return () => observer.disconnect();
  }, [isNear]);
  return <div ref={place}>{isNear ? children : placeholder}</div>;
}
